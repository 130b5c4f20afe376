/**
 * The conversation list of one queue: loaded with `agent:conversations` (again after every reconnect and every
 * `resync` push) and kept
 * live by `conversation.created` / `conversation.updated`. Events that arrive while a load is in flight are
 * replayed on top of its answer, so a change made during the load is not lost.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { Socket } from 'socket.io-client';
import type { ErrorBody } from '@parley/protocol/errors';
import { AGENT_EVENTS, SERVER_EVENTS } from '@parley/protocol/events';
import type { Conversation } from '@parley/protocol/model';
import { listen, onCatchUp, request } from '../socket.ts';
import { applyConversation, fromServer, type Queue } from '../state/conversations.ts';
import { conversationOf, conversationsOf } from '../state/guards.ts';

export const LIST_LIMIT = 100;

export interface ConversationListState {
  queue: Queue;
  conversations: readonly Conversation[];
  phase: 'loading' | 'ready' | 'error';
  error: ErrorBody | null;
}

export interface ConversationList extends ConversationListState {
  /** Apply a conversation this client learned first (an ack), before its broadcast arrives. */
  apply: (conversation: Conversation) => void;
  reload: () => void;
}

export function useConversationList(socket: Socket, queue: Queue, agentId: string): ConversationList {
  const [state, setState] = useState<ConversationListState>({ queue, conversations: [], phase: 'loading', error: null });
  const loadToken = useRef(0);
  const pending = useRef<Conversation[] | null>(null);

  const apply = useCallback(
    (conversation: Conversation) => {
      pending.current?.push(conversation);
      setState((s) => ({ ...s, conversations: applyConversation(s.conversations, conversation, s.queue, agentId) }));
    },
    [agentId],
  );

  const load = useCallback(async () => {
    const token = ++loadToken.current;
    setState((s) =>
      s.queue === queue ? s : { queue, conversations: [], phase: 'loading', error: null },
    );
    // Not connected yet: the catch-up (`connect`) listener loads.
    if (!socket.connected) return;
    pending.current = [];
    const answer = await request(socket, AGENT_EVENTS.list, { queue, limit: LIST_LIMIT });
    if (token !== loadToken.current) return;
    const live = pending.current ?? [];
    pending.current = null;
    if (!answer.ok) {
      setState((s) => ({ ...s, phase: 'error', error: answer.error }));
      return;
    }
    let conversations: readonly Conversation[] = fromServer(answer.conversations);
    for (const c of live) conversations = applyConversation(conversations, c, queue, agentId);
    setState({ queue, conversations, phase: 'ready', error: null });
  }, [socket, queue, agentId]);

  useEffect(() => {
    void load();
    const onConversation = (payload: unknown) => {
      const conversation = conversationOf(payload);
      if (conversation) apply(conversation);
    };
    const offs = [
      onCatchUp(socket, () => void load()),
      listen(socket, SERVER_EVENTS.conversationCreated, onConversation),
      listen(socket, SERVER_EVENTS.conversationsUpdated, (payload) => conversationsOf(payload).forEach(apply)),
    ];
    return () => {
      for (const off of offs) off();
    };
  }, [socket, load, apply]);

  return { ...state, apply, reload: () => void load() };
}
