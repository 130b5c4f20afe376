/**
 * Two fake windows, a host page and its chat frame, that talk like real ones: `x.postMessage(data, targetOrigin)`
 * comes from the other window (the only one that holds a reference to `x` here), arrives asynchronously as a
 * structured clone with `source` and `origin` of the sender, and is dropped when `targetOrigin` does not match.
 */
export interface FakeEvent {
  data: unknown;
  origin: string;
  source: unknown;
}

type Listener = (event: FakeEvent) => void;

export class FakeWindow {
  readonly listeners = new Set<Listener>();
  /** Every `postMessage` to this window: `[data, targetOrigin]`. */
  readonly posted: Array<[unknown, string]> = [];
  peer: FakeWindow | null = null;
  constructor(readonly origin: string) {}

  addEventListener(_type: 'message', listener: Listener): void {
    this.listeners.add(listener);
  }

  removeEventListener(_type: 'message', listener: Listener): void {
    this.listeners.delete(listener);
  }

  postMessage(data: unknown, targetOrigin: string): void {
    this.posted.push([data, targetOrigin]);
    const sender = this.peer;
    if (!sender || (targetOrigin !== '*' && targetOrigin !== this.origin)) return;
    this.deliver({ data: structuredClone(data), origin: sender.origin, source: sender });
  }

  /** A message from anyone (for forged senders). */
  deliver(event: FakeEvent): void {
    setTimeout(() => {
      for (const listener of [...this.listeners]) listener(event);
    }, 0);
  }
}

export function windowPair(hostOrigin: string, frameOrigin: string): { host: FakeWindow; frame: FakeWindow } {
  const host = new FakeWindow(hostOrigin);
  const frame = new FakeWindow(frameOrigin);
  host.peer = frame;
  frame.peer = host;
  return { host, frame };
}

export const tick = (ms = 10) => new Promise((resolve) => setTimeout(resolve, ms));
