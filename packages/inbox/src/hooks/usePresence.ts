/**
 * Collision presence over the `/agent` socket (issue #9).
 *
 * - usePresenceBoard: everyone else's presence on every ticket of the desk, from `presence.updated` frames and an
 *   `agent:presence-snapshot` after every (re)connect and `resync` push; forgotten while disconnected.
 * - usePresenceReporter: this tab's own presence on the ticket it has open: `agent:presence` when the ticket opens,
 *   when focus / visibility or composing changes, at once after a reconnect, and every PRESENCE_HEARTBEAT_MS
 *   (the server forgets a tab silent for PRESENCE_TTL_MS); `left` when the ticket closes or the page goes away.
 */
import { useEffect, useReducer, useRef, useState } from 'preact/hooks';
import type { Socket } from 'socket.io-client';
import { AGENT_EVENTS, SERVER_EVENTS } from '@parley/protocol/events';
import { PRESENCE_HEARTBEAT_MS, type Composing, type PresenceState } from '@parley/protocol/presence';
import { listen, onCatchUp, REQUEST_TIMEOUT_MS } from '../socket.ts';
import { emptyPresence, presenceReducer, snapshotOf, ticketPresenceOf, type PresenceBoard } from '../state/presence.ts';

export function usePresenceBoard(socket: Socket, selfId: string): PresenceBoard {
  const [board, dispatch] = useReducer(presenceReducer, selfId, emptyPresence);

  useEffect(() => {
    let alive = true;
    const askSnapshot = async () => {
      if (!socket.connected) return;
      dispatch({ type: 'snapshotRequested' });
      let answer: unknown;
      try {
        answer = await socket.timeout(REQUEST_TIMEOUT_MS).emitWithAck(AGENT_EVENTS.presenceSnapshot, {});
      } catch {
        answer = null;
      }
      if (!alive) return;
      const ok = typeof answer === 'object' && answer !== null && (answer as { ok?: unknown }).ok === true;
      dispatch(ok ? { type: 'snapshot', tickets: snapshotOf(answer) } : { type: 'snapshotFailed' });
    };
    void askSnapshot();
    const offs = [
      onCatchUp(socket, () => void askSnapshot()),
      listen(socket, 'disconnect', () => dispatch({ type: 'reset' })),
      listen(socket, SERVER_EVENTS.presenceUpdated, (payload) => {
        const ticket = ticketPresenceOf(payload);
        if (ticket) dispatch({ type: 'updated', ticket });
      }),
    ];
    return () => {
      alive = false;
      for (const off of offs) off();
    };
  }, [socket]);

  return board;
}

/** `viewing` while the page is visible and its window has the focus, else `background`. */
export function focusState(doc: Pick<Document, 'visibilityState' | 'hasFocus'>): PresenceState {
  return doc.visibilityState === 'visible' && doc.hasFocus() ? 'viewing' : 'background';
}

function useFocusState(): PresenceState {
  const [state, setState] = useState<PresenceState>(() => focusState(document));
  useEffect(() => {
    // `blur` fires before the newly focused element (if any) is known: read the state once the event is over.
    let later: ReturnType<typeof setTimeout> | undefined;
    const update = () => {
      clearTimeout(later);
      later = setTimeout(() => setState(focusState(document)), 0);
    };
    const events = ['focus', 'blur', 'pageshow'] as const;
    for (const event of events) window.addEventListener(event, update);
    document.addEventListener('visibilitychange', update);
    return () => {
      clearTimeout(later);
      for (const event of events) window.removeEventListener(event, update);
      document.removeEventListener('visibilitychange', update);
    };
  }, []);
  return state;
}

/**
 * A clock that keeps ticking in a hidden tab: Chrome throttles a hidden page's repeating timers to once a minute
 * after five minutes, longer than the server keeps a silent tab, so the heartbeat runs in a worker (its timers are
 * not throttled that way). Falls back to a page timer where workers are unavailable.
 */
function startClock(ms: number, tick: () => void): () => void {
  let timer: ReturnType<typeof setInterval> | undefined;
  const pageTimer = () => {
    timer ??= setInterval(tick, ms);
  };
  let worker: Worker | null = null;
  try {
    worker = new Worker(new URL('../presence-clock.worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = () => tick();
    worker.onerror = () => {
      worker?.terminate();
      pageTimer();
    };
    worker.postMessage(ms);
  } catch {
    pageTimer();
  }
  return () => {
    worker?.terminate();
    clearInterval(timer);
  };
}

interface Report {
  conversationId: string;
  state: PresenceState | 'left';
  composing: Composing;
}

export function usePresenceReporter(socket: Socket, conversationId: string | null, composing: Composing): void {
  const focus = useFocusState();
  const current = useRef<Report | null>(null);
  current.current = conversationId === null ? null : { conversationId, state: focus, composing };

  // Best effort without an acknowledgement: a report is repeated soon anyway, and one queued while disconnected
  // would arrive stale (the reconnect sends the current one).
  const send = (report: Report | null) => {
    if (report && socket.connected) socket.emit(AGENT_EVENTS.presence, report);
  };

  // The ticket itself: say so when it opens, `left` when it closes (another ticket chosen, or none).
  useEffect(() => {
    if (conversationId === null) return;
    return () => send({ conversationId, state: 'left', composing: null });
  }, [socket, conversationId]); // `send` only uses `socket`

  // Every change of what others should see, at once.
  useEffect(() => {
    send(current.current);
  }, [socket, conversationId, focus, composing]); // the report is read from the ref

  // The heartbeat while a ticket is open, and a report at once after every (re)connection.
  const open = conversationId !== null;
  useEffect(() => {
    if (!open) return;
    const stopClock = startClock(PRESENCE_HEARTBEAT_MS, () => send(current.current));
    const off = listen(socket, 'connect', () => send(current.current));
    return () => {
      stopClock();
      off();
    };
  }, [socket, open]); // the report is read from the ref

  // The page goes away (closed, reloaded, navigated, or into the back/forward cache): leave now rather than at
  // the expiry; back from the cache: report again.
  useEffect(() => {
    const leave = () => {
      const report = current.current;
      if (report) send({ ...report, state: 'left', composing: null });
    };
    const back = (event: PageTransitionEvent) => {
      if (event.persisted) send(current.current);
    };
    // `pagehide`, not `beforeunload`: the latter also fires for a link that only downloads a file (the page stays).
    window.addEventListener('pagehide', leave);
    window.addEventListener('pageshow', back);
    return () => {
      window.removeEventListener('pagehide', leave);
      window.removeEventListener('pageshow', back);
    };
  }, [socket]); // the report is read from the ref
}
