/**
 * Open sockets per key (a visitor, an agent, a client address) on this node, refused above a cap: a page that opens
 * sockets in a loop costs a slot each, not the server's memory. Per node: a client's sockets reach one node at a
 * time behind a sticky balancer, and counts across nodes would outlive a crashed node.
 */
export class ConnectionCaps {
  private readonly open = new Map<string, number>();

  constructor(private readonly max: number) {}

  /** Takes a slot for `key`; false when it has `max` already. */
  take(key: string): boolean {
    const count = this.open.get(key) ?? 0;
    if (count >= this.max) return false;
    this.open.set(key, count + 1);
    return true;
  }

  release(key: string): void {
    const count = (this.open.get(key) ?? 0) - 1;
    if (count > 0) this.open.set(key, count);
    else this.open.delete(key);
  }
}

/** Tabs of one visitor, of one agent, and sockets from one client address (a whole office behind one NAT). */
export const SOCKET_CAPS = { perVisitor: 20, perAgent: 20, perAddress: 500 } as const;
