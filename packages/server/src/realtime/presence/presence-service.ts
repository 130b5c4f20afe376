import { PRESENCE_TTL_MS, type AgentPresenceInputValue, type TicketPresence } from '@parley/protocol';
import type { Logger } from '../../lib/logger.ts';
import type { AgentRecord } from '../../store/types.ts';
import { Coalescer } from '../coalesce.ts';
import type { PresenceBoard } from './board.ts';
import { mergeTabs } from './merge.ts';

/** A ticket's presence leaves at most this often (the first change after a quiet spell at once). */
export const PRESENCE_UPDATE_WINDOW_MS = 250;
/** How often expired tabs are looked for. */
export const PRESENCE_SWEEP_MS = 1000;

export interface PresenceOptions {
  board: PresenceBoard;
  /** Sends a ticket's presence to every agent of the desk (on every node). */
  announce: (deskId: string, presence: TicketPresence) => void;
  log: Logger;
  now?: () => number;
}

/**
 * Viewing and composing presence of agents on tickets. Each agent tab repeats its state every few seconds; the board
 * forgets a tab silent for PRESENCE_TTL_MS, so presence ends within the TTL (plus a sweep) however the tab went away.
 */
export class PresenceService {
  private readonly board: PresenceBoard;
  private readonly now: () => number;
  /**
   * What each socket (this node) last reported per ticket: a disconnect removes them at once, and a heartbeat that
   * repeats the same state only refreshes the board, without reading it or announcing anything.
   */
  private readonly bySocket = new Map<string, { deskId: string; tickets: Map<string, string> }>();
  private readonly desks = new Set<string>();
  private readonly updates: Coalescer<string>;
  private sweeper: NodeJS.Timeout | undefined;

  constructor(private readonly opts: PresenceOptions) {
    this.board = opts.board;
    this.now = opts.now ?? (() => Date.now());
    this.updates = new Coalescer<string>(PRESENCE_UPDATE_WINDOW_MS, (conversationId, [deskId]) => void this.publish(deskId!, conversationId));
  }

  start(): void {
    this.sweeper = setInterval(() => void this.sweep(), PRESENCE_SWEEP_MS);
    this.sweeper.unref();
  }

  stop(): void {
    clearInterval(this.sweeper);
    this.updates.flush();
  }

  /** An agent of the desk is connected here: this node sweeps the desk's presence (whoever reported it, on any node). */
  watch(deskId: string): void {
    this.desks.add(deskId);
  }

  async report(agent: AgentRecord, socketId: string, input: AgentPresenceInputValue): Promise<void> {
    const { conversationId } = input;
    this.desks.add(agent.deskId);
    const mine = this.bySocket.get(socketId) ?? { deskId: agent.deskId, tickets: new Map<string, string>() };
    this.bySocket.set(socketId, mine);
    if (input.state === 'left') {
      mine.tickets.delete(conversationId);
      if (await this.board.remove(agent.deskId, conversationId, socketId)) this.changed(agent.deskId, conversationId);
      return;
    }
    // The name is part of the state: a renamed agent's next heartbeat tells everyone the new name.
    const state = `${input.state}:${input.composing ?? ''}:${agent.name}`;
    const repeated = mine.tickets.get(conversationId) === state;
    mine.tickets.set(conversationId, state);
    const added = await this.board.put(agent.deskId, conversationId, socketId, {
      agentId: agent.id,
      name: agent.name,
      state: input.state,
      composing: input.composing,
      expiresAt: this.now() + PRESENCE_TTL_MS,
    });
    if (!repeated || added) this.changed(agent.deskId, conversationId);
  }

  /** The socket went away: its tabs leave every ticket now, not at their expiry. */
  async disconnected(socketId: string): Promise<void> {
    const mine = this.bySocket.get(socketId);
    this.bySocket.delete(socketId);
    if (!mine) return;
    for (const conversationId of mine.tickets.keys()) {
      if (await this.board.remove(mine.deskId, conversationId, socketId)) this.changed(mine.deskId, conversationId);
    }
  }

  async snapshot(deskId: string): Promise<TicketPresence[]> {
    this.desks.add(deskId);
    const tickets = await this.board.tickets(deskId, this.now());
    return [...tickets].map(([conversationId, entries]) => ({ conversationId, agents: mergeTabs(entries) }));
  }

  private changed(deskId: string, conversationId: string): void {
    this.updates.push(conversationId, conversationId, deskId);
  }

  private async publish(deskId: string, conversationId: string): Promise<void> {
    try {
      const agents = mergeTabs(await this.board.list(conversationId, this.now()));
      this.opts.announce(deskId, { conversationId, agents });
    } catch (err) {
      this.opts.log.warn({ err }, 'presence: announcing failed');
    }
  }

  private async sweep(): Promise<void> {
    for (const deskId of this.desks) {
      try {
        for (const conversationId of await this.board.expire(deskId, this.now())) this.changed(deskId, conversationId);
      } catch (err) {
        this.opts.log.warn({ err }, 'presence: sweep failed');
      }
    }
  }
}
