/** Typing signals are relayed at most once per this many ms per sender and conversation (clients send every ~2 s). */
export const TYPING_RELAY_MS = 1500;

/**
 * Which typing signals to relay: the first, then at most one per TYPING_RELAY_MS per key, and always a stop after a
 * start. Nothing is stored beyond this node's memory (bounded); a lost signal only ends an indicator early.
 */
export class TypingThrottle {
  private readonly last = new Map<string, number>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly capacity = 50_000,
  ) {}

  allow(key: string, typing: boolean): boolean {
    const at = this.now();
    const previous = this.last.get(key);
    if (!typing) {
      this.last.delete(key);
      return previous !== undefined;
    }
    if (previous !== undefined && at - previous < TYPING_RELAY_MS) return false;
    this.last.delete(key);
    this.last.set(key, at);
    if (this.last.size > this.capacity) this.last.delete(this.last.keys().next().value!);
    return true;
  }
}
