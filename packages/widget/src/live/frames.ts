/**
 * The few frames of Engine.IO v4 / Socket.IO v5 (text, over a WebSocket) that the host page's reply listener needs:
 * the handshake, pings, a namespace's connect, refusal, disconnect and events. Anything else, or anything malformed,
 * is `null` and ignored: the server never sends binary or acks to visitors.
 */
export type LiveFrame =
  | { type: 'open'; pingInterval: number; pingTimeout: number }
  | { type: 'ping' }
  | { type: 'close' }
  | { type: 'connected' }
  | { type: 'refused'; reason: string }
  | { type: 'event'; name: string; payload: unknown };

const parse = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
};

const record = (value: unknown): Record<string, unknown> => (typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {});

const positive = (value: unknown): value is number => typeof value === 'number' && value > 0 && value < 1e7;

/** One WebSocket message of the server to the namespace `nsp` (e.g. `/visitor`), read. */
export function readFrame(data: unknown, nsp: string): LiveFrame | null {
  if (typeof data !== 'string') return null;
  const engine = data.charAt(0);
  if (engine === '2' && data.length === 1) return { type: 'ping' };
  if (engine === '1') return { type: 'close' };
  if (engine === '0') {
    const { pingInterval, pingTimeout } = record(parse(data.slice(1)));
    return positive(pingInterval) && positive(pingTimeout) ? { type: 'open', pingInterval, pingTimeout } : null;
  }
  const prefix = `${nsp},`;
  if (engine !== '4' || data.slice(2, 2 + prefix.length) !== prefix) return null;
  const kind = data.charAt(1);
  if (kind === '0') return { type: 'connected' };
  if (kind === '1') return { type: 'close' };
  const body = parse(data.slice(2 + prefix.length).replace(/^\d+/, '')); // an event may carry an ack id
  if (kind === '4') {
    const reason = record(body)['message'];
    return { type: 'refused', reason: typeof reason === 'string' ? reason : '' };
  }
  return kind === '2' && Array.isArray(body) && typeof body[0] === 'string' ? { type: 'event', name: body[0], payload: body[1] } : null;
}

/** The namespace connect with the handshake's `auth`, as socket.io-client sends it. */
export const connectFrame = (nsp: string, token: string): string => `40${nsp},${JSON.stringify({ token })}`;

/** The answer to a ping. */
export const PONG = '3';

/** The Engine.IO endpoint on Parley's origin (`http(s)://host`), WebSocket transport only. */
export const socketUrl = (base: string): string => `${base.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`;
