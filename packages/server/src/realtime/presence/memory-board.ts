import type { PresenceBoard, PresenceEntry } from './board.ts';

/** Presence of a single node. */
export class MemoryPresenceBoard implements PresenceBoard {
  /** desk → ticket → tab → entry */
  private readonly desks = new Map<string, Map<string, Map<string, PresenceEntry>>>();
  private readonly deskOf = new Map<string, string>();

  async put(deskId: string, conversationId: string, tab: string, entry: PresenceEntry): Promise<boolean> {
    let tickets = this.desks.get(deskId);
    if (!tickets) this.desks.set(deskId, (tickets = new Map()));
    let tabs = tickets.get(conversationId);
    if (!tabs) tickets.set(conversationId, (tabs = new Map()));
    const added = !tabs.has(tab);
    tabs.set(tab, entry);
    this.deskOf.set(conversationId, deskId);
    return added;
  }

  async remove(deskId: string, conversationId: string, tab: string): Promise<boolean> {
    const tickets = this.desks.get(deskId);
    const tabs = tickets?.get(conversationId);
    const removed = tabs?.delete(tab) ?? false;
    if (tabs && tabs.size === 0) {
      tickets!.delete(conversationId);
      this.deskOf.delete(conversationId);
    }
    return removed;
  }

  async list(conversationId: string, now: number): Promise<PresenceEntry[]> {
    const deskId = this.deskOf.get(conversationId);
    const tabs = deskId ? this.desks.get(deskId)?.get(conversationId) : undefined;
    return tabs ? [...tabs.values()].filter((e) => e.expiresAt > now) : [];
  }

  async tickets(deskId: string, now: number): Promise<Map<string, PresenceEntry[]>> {
    const out = new Map<string, PresenceEntry[]>();
    for (const [conversationId, tabs] of this.desks.get(deskId) ?? []) {
      const live = [...tabs.values()].filter((e) => e.expiresAt > now);
      if (live.length > 0) out.set(conversationId, live);
    }
    return out;
  }

  async expire(deskId: string, now: number): Promise<string[]> {
    const changed: string[] = [];
    for (const [conversationId, tabs] of this.desks.get(deskId) ?? []) {
      let dropped = false;
      for (const [tab, entry] of tabs) {
        if (entry.expiresAt <= now) {
          tabs.delete(tab);
          dropped = true;
        }
      }
      if (dropped) changed.push(conversationId);
      if (tabs.size === 0) {
        this.desks.get(deskId)!.delete(conversationId);
        this.deskOf.delete(conversationId);
      }
    }
    return changed;
  }
}
