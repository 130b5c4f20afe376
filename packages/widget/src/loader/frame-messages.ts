/** What the chat frame may tell the loader (see `src/app/parent-bridge.ts`). */
export type FrameMessage = { type: 'close' } | { type: 'unread'; count: number | null };

export interface IncomingMessage {
  origin: string;
  source: unknown;
  data: unknown;
}

/**
 * Accept a `message` event only from the chat frame's window and origin, and only the known shapes.
 * `count: null` means "some unread messages" (the frame could not tell the host origin, so sent no number).
 */
export function readFrameMessage(event: IncomingMessage, frameOrigin: string, frameWindow: unknown): FrameMessage | null {
  if (!frameWindow || event.source !== frameWindow || event.origin !== frameOrigin) return null;
  const data = event.data;
  if (typeof data !== 'object' || data === null) return null;
  const { type, count } = data as Record<string, unknown>;
  if (type === 'parley:close') return { type: 'close' };
  if (type !== 'parley:unread') return null;
  if (count === undefined) return { type: 'unread', count: null };
  return typeof count === 'number' && Number.isSafeInteger(count) && count >= 0 ? { type: 'unread', count } : null;
}
