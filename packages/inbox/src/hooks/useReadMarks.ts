/**
 * The agent's read marks for the tickets in the list: asked for (`agent:reads`) as tickets appear, again after a
 * reconnect, and raised locally for the ticket on screen (which the notifications hook reports to the server).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Socket } from 'socket.io-client';
import { AGENT_EVENTS } from '@parley/protocol/events';
import type { Conversation } from '@parley/protocol/model';
import { onCatchUp } from '../socket.ts';
import { noMarks, unknownIds, withMarks, type ReadMarks } from '../state/read-marks.ts';

export interface ReadState {
  marks: ReadMarks;
  /** Tickets whose marks are known (asked for, or read here). */
  loaded: ReadonlySet<string>;
}

const BATCH = 500;

export function useReadMarks(socket: Socket, conversations: readonly Conversation[], viewing: Conversation | null): ReadState {
  const [state, setState] = useState<ReadState>({ marks: noMarks, loaded: new Set() });
  const asked = useRef(new Set<string>());

  useEffect(() => {
    const ids = unknownIds(conversations, asked.current).slice(0, BATCH);
    if (ids.length === 0 || !socket.connected) return;
    ids.forEach((id) => asked.current.add(id));
    socket.emit(AGENT_EVENTS.reads, { conversationIds: ids }, (answer: { ok: boolean; reads?: Array<{ conversationId: string; seq: number }> }) => {
      if (!answer?.ok) return ids.forEach((id) => asked.current.delete(id));
      setState((s) => ({ marks: withMarks(s.marks, answer.reads ?? []), loaded: new Set([...s.loaded, ...ids]) }));
    });
  }, [socket, conversations, socket.connected]);

  useEffect(() => onCatchUp(socket, () => (asked.current = new Set())), [socket]);

  const viewedId = viewing?.id;
  const viewedSeq = viewing?.lastSeq;
  useEffect(() => {
    if (!viewedId || viewedSeq === undefined || document.visibilityState !== 'visible') return;
    setState((s) => {
      const marks = withMarks(s.marks, [{ conversationId: viewedId, seq: viewedSeq }]);
      return marks === s.marks && s.loaded.has(viewedId) ? s : { marks, loaded: new Set([...s.loaded, viewedId]) };
    });
  }, [viewedId, viewedSeq]);

  return state;
}
