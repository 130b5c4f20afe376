import type { Conversation } from '@parley/protocol';
import { pickAgent, present, queuePositions, routable, routeTicket, capacityOf, type AgentState } from '../domain/routing.ts';
import { newId } from '../lib/ids.ts';
import type { AgentRecord } from '../store/types.ts';
import { iso, type ServiceDeps } from './deps.ts';

const ACTIVE = ['new', 'open', 'pending'] as const;
const WAITING_LIMIT = 500;
/** A waiting visitor hears their place again this often, changed or not. */
const REPEAT_MS = 5_000;

export interface RouterOptions {
  /** Agents with a tab open on any node. */
  connectedAgents: () => Promise<Set<string>>;
  /** Tells a waiting visitor where they stand (null: an agent has the ticket now, or nobody routes). */
  announcePosition: (ticket: Conversation, position: number | null) => void;
  /** A tab closed this long ago still counts (a reload, a short network cut). */
  graceMs: number;
  everyMs: number;
}

/**
 * Hands waiting tickets to available agents (desk settings: routing mode, default capacity, reassignment of the
 * tickets of agents who went offline). Runs on every node, when something changed (a new ticket, a freed seat, an agent
 * coming or going) and every `everyMs`; an assignment is a versioned update, so when two nodes route the same ticket
 * one of them wins and the other moves on.
 */
export class Router {
  private readonly lastConnectedAt = new Map<string, number>();
  private readonly lastRoutedAt = new Map<string, number>();
  private readonly positions = new Map<string, { position: number; ticket: Conversation; at: number }>();
  private timer: NodeJS.Timeout | undefined;
  private kicked: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly deps: ServiceDeps,
    private readonly opts: RouterOptions,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.kick(), this.opts.everyMs);
    this.timer.unref();
    this.kick();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    clearTimeout(this.kicked);
    this.kicked = undefined;
    await this.running;
  }

  /** Something changed: route soon (changes arriving together make one pass). */
  kick(): void {
    if (this.kicked) return;
    this.kicked = setTimeout(() => {
      this.kicked = undefined;
      void this.run();
    }, 20);
    this.kicked.unref();
  }

  /** A waiting ticket's place in its line, as this node last computed it. */
  positionOf(conversationId: string): number | null {
    return this.positions.get(conversationId)?.position ?? null;
  }

  /** One routing pass (serialised: a pass asked for while one runs happens right after it). */
  run(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.pass()
      .catch((err: unknown) => this.deps.log.warn({ err }, 'routing pass failed; will retry'))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
    return this.running;
  }

  private async pass(): Promise<void> {
    const { store, desk } = this.deps;
    const { mode, defaultCapacity, reassignWhenOffline } = desk.current.settings.routing;
    const now = this.deps.now().getTime();
    const connected = await this.opts.connectedAgents();
    const agents = await store.listAgents(desk.id);
    for (const agent of agents) if (connected.has(agent.id)) this.lastConnectedAt.set(agent.id, now);
    const isPresent = (agent: AgentRecord) => present(agent, connected.has(agent.id), this.lastConnectedAt.get(agent.id), now, this.opts.graceMs);
    const isRoutable = (agent: AgentRecord) => routable(agent, connected.has(agent.id), this.lastConnectedAt.get(agent.id), now, this.opts.graceMs);

    if (reassignWhenOffline) {
      const gone = agents.filter((a) => !a.active || a.availability === 'offline' || !isPresent(a));
      for (const agent of gone) await this.takeBack(agent);
    }
    if (mode === 'manual') return this.announce([]);

    const waiting = await store.listConversations({ deskId: desk.id, statuses: [...ACTIVE], assigneeId: null, limit: WAITING_LIMIT });
    if (waiting.length === 0) return this.announce([]);
    const states: AgentState[] = [];
    for (const agent of agents.filter(isRoutable)) {
      const capacity = capacityOf(agent, defaultCapacity);
      const load = (await store.listConversations({ deskId: desk.id, statuses: [...ACTIVE], assigneeId: agent.id, limit: capacity })).length;
      states.push({ agent, load, lastRoutedAt: this.lastRoutedAt.get(agent.id) ?? 0 });
    }
    const teams = new Map((await store.listTeams(desk.id)).map((t) => [t.id, new Set(t.memberIds)]));
    const stillWaiting: Conversation[] = [];
    const inArrivalOrder = [...waiting].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.number - b.number);
    for (const ticket of inArrivalOrder) {
      const members = ticket.teamId === null ? null : (teams.get(ticket.teamId) ?? new Set<string>());
      const agent = pickAgent(mode, ticket, states, members, defaultCapacity);
      if (!agent || !(await this.assign(ticket, agent.id))) {
        stillWaiting.push(ticket);
        continue;
      }
      const state = states.find((s) => s.agent.id === agent.id)!;
      state.load++;
      state.lastRoutedAt = this.deps.now().getTime() + states.length; // strictly after every earlier turn of this pass
      this.lastRoutedAt.set(agent.id, state.lastRoutedAt);
    }
    this.announce(stillWaiting);
  }

  /** Gives the ticket to the agent if nobody changed it meanwhile; true when it landed. */
  private async assign(ticket: Conversation, agentId: string | null): Promise<boolean> {
    const at = iso(this.deps);
    const decision = routeTicket(ticket, agentId, { eventId: newId(), at });
    if (!decision) return false;
    const updated = await this.deps.store.updateConversation(ticket.id, ticket.version, decision.patch, at, decision.events);
    if (!updated) return false;
    this.deps.outbox.publish({ events: decision.events, ticket: updated });
    return true;
  }

  /** The active tickets of an agent who went away go back to the line (their timeline says so). */
  private async takeBack(agent: AgentRecord): Promise<void> {
    const tickets = await this.deps.store.listConversations({ deskId: agent.deskId, statuses: [...ACTIVE], assigneeId: agent.id, limit: 200 });
    for (const ticket of tickets) await this.assign(ticket, null);
  }

  /**
   * Tells each waiting visitor their place: at once when it changed, and again every REPEAT_MS (a visitor who reloaded,
   * or came back on another node, hears it within that); those no longer waiting hear that they are not.
   */
  private announce(waiting: Conversation[]): void {
    const next = queuePositions(waiting);
    const now = this.deps.now().getTime();
    for (const [id, before] of this.positions) {
      if (next.has(id)) continue;
      this.positions.delete(id);
      this.opts.announcePosition(before.ticket, null);
    }
    for (const ticket of waiting) {
      const position = next.get(ticket.id)!;
      const before = this.positions.get(ticket.id);
      const due = before?.position !== position || now - before.at >= REPEAT_MS;
      if (due) this.opts.announcePosition(ticket, position);
      this.positions.set(ticket.id, { position, ticket, at: due ? now : before.at });
    }
  }
}
