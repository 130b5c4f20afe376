import { MAX_TYPING_PREVIEW } from '@parley/protocol';

/** Typing signals are relayed at most once per this many ms per sender and conversation (clients send every ~2 s). */
export const TYPING_RELAY_MS = 1500;
/** With the desk's typing preview the widget sends the draft about once a second: relayed at most this often. */
export const PREVIEW_RELAY_MS = 800;

/**
 * Which typing signals to relay: the first, then at most one per TYPING_RELAY_MS (PREVIEW_RELAY_MS for a signal
 * carrying a preview) per key, and always a stop after a start. Nothing is stored beyond this node's memory
 * (bounded); a lost signal only ends an indicator early.
 */
export class TypingThrottle {
  private readonly last = new Map<string, number>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly capacity = 50_000,
  ) {}

  allow(key: string, typing: boolean, preview = false): boolean {
    const at = this.now();
    const previous = this.last.get(key);
    if (!typing) {
      this.last.delete(key);
      return previous !== undefined;
    }
    if (previous !== undefined && at - previous < (preview ? PREVIEW_RELAY_MS : TYPING_RELAY_MS)) return false;
    this.last.delete(key);
    this.last.set(key, at);
    if (this.last.size > this.capacity) this.last.delete(this.last.keys().next().value!);
    return true;
  }
}

/**
 * The draft as agents see it: its last MAX_TYPING_PREVIEW characters (the end is what the visitor is writing now),
 * without cutting a surrogate pair in half.
 */
export function typingPreview(draft: string): string {
  const chars = Array.from(draft);
  return chars.length <= MAX_TYPING_PREVIEW ? draft : chars.slice(-MAX_TYPING_PREVIEW).join('');
}
