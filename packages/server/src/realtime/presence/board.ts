import type { Composing, PresenceState } from '@parley/protocol';

/** One tab of one agent on one ticket, until `expiresAt` (ms since the epoch) unless it repeats itself. */
export interface PresenceEntry {
  agentId: string;
  name: string;
  state: PresenceState;
  composing: Composing;
  expiresAt: number;
}

/**
 * Where presence lives: in memory on a single node, in Redis when several nodes share it. Entries expire by time, so
 * a tab that vanished without a goodbye (network gone, node killed) disappears within the TTL.
 */
export interface PresenceBoard {
  /** Sets (or refreshes) the entry of `tab` on a ticket; true when the tab was not there (new, or expired meanwhile). */
  put(deskId: string, conversationId: string, tab: string, entry: PresenceEntry): Promise<boolean>;
  /** Removes the entry of `tab`; true when there was one. */
  remove(deskId: string, conversationId: string, tab: string): Promise<boolean>;
  /** The live entries of a ticket (expired ones are dropped). */
  list(conversationId: string, now: number): Promise<PresenceEntry[]>;
  /** Every ticket of the desk with live entries. */
  tickets(deskId: string, now: number): Promise<Map<string, PresenceEntry[]>>;
  /** Drops expired entries of the desk; returns the tickets this call changed (each expiry reported by one node). */
  expire(deskId: string, now: number): Promise<string[]>;
}
