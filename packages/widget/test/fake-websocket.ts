/** A WebSocket the test drives: what the page sent, and the server's side. */
export class FakeSocket {
  static all: FakeSocket[] = [];
  sent: string[] = [];
  closed = false;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: (() => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  send(data: string): void {
    this.sent.push(data);
  }
  close(): void {
    if (this.closed) return;
    this.closed = true;
    setTimeout(() => this.onclose?.(), 0); // the browser's close event comes later
  }
  /** The server says `data`. */
  receive(data: unknown): void {
    this.onmessage?.({ data });
  }
  /** The connection dropped. */
  lost(): void {
    this.closed = true;
    this.onclose?.();
  }
}

/** The server's Engine.IO handshake. */
export const OPEN = '0{"sid":"s","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}';

/** The newest socket the page opened. */
export const last = (): FakeSocket => FakeSocket.all[FakeSocket.all.length - 1]!;
