import { connectFrame, PONG, readFrame, socketUrl } from './frames.ts';

const NSP = '/visitor';
/** Reconnects wait a random time between half and all of min(MAX, MIN · 2^failures). */
export const RETRY_MIN_MS = 1000;
export const RETRY_MAX_MS = 60_000;
/** No handshake this soon after opening: the connection is given up and tried again. */
const OPEN_WAIT_MS = 20_000;

export interface LiveSocketHandlers {
  /** The visitor token to connect with; null: stop (no token for this page's visitor any more). */
  token(): string | null;
  /** The namespace accepted the token: `again` after the first time (events may have been missed meanwhile). */
  connected(again: boolean): void;
  event(name: string, payload: unknown): void;
}

export interface LiveSocket {
  /** Connects now (again), with the backoff reset. */
  start(): void;
  /** Connects now, with the backoff reset, unless a connection is open or opening. */
  wake(): void;
  /** Closes, and stays closed until `start`. */
  stop(): void;
}

export type SocketWindow = Pick<Window, 'setTimeout' | 'clearTimeout'> & { WebSocket: typeof WebSocket };

/**
 * The visitor namespace over the browser's WebSocket (no socket.io-client on the host page): answers pings, notices a
 * dead connection (no ping within the server's interval and timeout), reconnects with capped, jittered backoff. A
 * refused token stops it: the chat makes a new session when it is opened. Never throws.
 */
export function openLiveSocket(win: SocketWindow, base: string, handlers: LiveSocketHandlers, random: () => number = Math.random): LiveSocket {
  let ws: WebSocket | null = null;
  let failures = 0;
  let connectedOnce = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let deadline: ReturnType<typeof setTimeout> | undefined;

  const drop = (): void => {
    win.clearTimeout(retryTimer);
    win.clearTimeout(deadline);
    const open = ws;
    ws = null;
    if (open) open.close();
  };
  const retry = (): void => {
    drop();
    const cap = Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** failures++);
    retryTimer = win.setTimeout(connect, cap / 2 + (random() * cap) / 2);
  };

  function connect(): void {
    drop();
    const token = handlers.token();
    if (!token) return;
    let socket: WebSocket;
    try {
      socket = ws = new win.WebSocket(socketUrl(base));
    } catch {
      return retry(); // e.g. a URL the browser refuses
    }
    /** Closes this connection unless another frame arrives within `ms`. */
    const expect = (ms: number): void => {
      win.clearTimeout(deadline);
      deadline = win.setTimeout(() => ws === socket && retry(), ms);
    };
    let silence = OPEN_WAIT_MS;
    expect(silence);
    socket.onmessage = (message: MessageEvent<unknown>) => {
      try {
        const frame = readFrame(message.data, NSP);
        if (ws !== socket || !frame) return;
        expect(silence);
        if (frame.type === 'open') {
          silence = frame.pingInterval + frame.pingTimeout;
          expect(silence);
          socket.send(connectFrame(NSP, token));
        } else if (frame.type === 'ping') socket.send(PONG);
        else if (frame.type === 'connected') {
          failures = 0;
          handlers.connected(connectedOnce);
          connectedOnce = true;
        } else if (frame.type === 'event') handlers.event(frame.name, frame.payload);
        else if (frame.type === 'refused' && frame.reason === 'unauthorized') drop();
        else retry(); // refused for now (rate_limited, unavailable) or disconnected by the server
      } catch {
        // a handler's failure is not the connection's: keep listening
      }
    };
    socket.onclose = () => ws === socket && retry();
  }

  return {
    start() {
      failures = 0;
      connect();
    },
    wake() {
      if (ws) return;
      failures = 0;
      connect();
    },
    stop: drop,
  };
}
