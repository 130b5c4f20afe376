import type { DeskAvailability } from '@parley/protocol';
import { deskAvailability } from '../domain/availability.ts';
import { present } from '../domain/routing.ts';
import type { ServiceDeps } from './deps.ts';

/**
 * How often, at most, this node records that an agent it sees connected was seen (well within the 60 s default grace
 * period, so that agents connected when the server stopped still count while they reconnect after a restart).
 */
const SEEN_WRITE_MS = 15_000;

export interface AvailabilityWatchOptions {
  /** Agents with a tab open on any node. */
  connectedAgents: () => Promise<Set<string>>;
  /** Tells this node's visitors (each node tells its own). */
  announce: (availability: DeskAvailability) => void;
  /** A tab closed this long ago still counts (a reload, a short network cut, a restart), as for routing. */
  graceMs: number;
  everyMs: number;
}

/**
 * Keeps this node's view of whether an agent would answer now (`deskAvailability`), looked at again when an agent's
 * tab or account changes and every `everyMs` (other nodes' agents), and announces each change to the widgets. It also
 * records in the store when the agents it sees connected were last seen (`lastSeenAt`), which every node reads.
 */
export class AvailabilityWatch {
  private state: DeskAvailability;
  private readonly lastConnectedAt = new Map<string, number>();
  /** The lastSeenAt this node last wrote for each agent (ms). */
  private readonly recorded = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;
  private offs: Array<() => void> = [];

  constructor(
    private readonly deps: Pick<ServiceDeps, 'store' | 'desk' | 'bus' | 'log' | 'now'>,
    private readonly opts: AvailabilityWatchOptions,
  ) {
    // Until the first look, a node that just started says nothing worse than it knows: agents may be reconnecting.
    this.state = 'online';
  }

  get current(): DeskAvailability {
    return this.state;
  }

  start(): void {
    this.timer = setInterval(() => void this.check(), this.opts.everyMs);
    this.timer.unref();
    this.offs = [this.deps.bus.on('agent.connection', () => void this.check()), this.deps.bus.on('agent.changed', () => void this.check())];
    void this.check();
  }

  stop(): Promise<void> {
    clearInterval(this.timer);
    this.offs.forEach((off) => off());
    return this.running ?? Promise.resolve();
  }

  /** One look (serialised: a look asked for while one runs waits for it and looks again). */
  async check(): Promise<void> {
    while (this.running) await this.running;
    this.running = this.look()
      .catch((err: unknown) => this.deps.log.warn({ err }, 'checking agent availability failed; will retry'))
      .finally(() => (this.running = null));
    return this.running;
  }

  private async look(): Promise<void> {
    const now = this.deps.now().getTime();
    const connected = await this.opts.connectedAgents();
    const agents = await this.deps.store.listAgents(this.deps.desk.id);
    for (const id of connected) this.lastConnectedAt.set(id, now);
    const byId = new Map(agents.map((a) => [a.id, a]));
    const isPresent = (id: string) => present(byId.get(id)!, connected.has(id), this.lastConnectedAt.get(id), now, this.opts.graceMs);
    const next = deskAvailability(agents, isPresent);
    if (next !== this.state) {
      this.state = next;
      this.opts.announce(next);
    }
    await this.recordSeen(connected);
  }

  /**
   * Writes lastSeenAt for the agents this node sees connected, each at most every SEEN_WRITE_MS, and once more (the
   * last time it saw them) when their last tab is gone. What fails to be written is written at the next look.
   */
  private async recordSeen(connected: ReadonlySet<string>): Promise<void> {
    const due = new Map<number, string[]>();
    for (const [id, at] of this.lastConnectedAt) {
      const recorded = this.recorded.get(id) ?? -Infinity;
      if (at <= recorded || (connected.has(id) && at - recorded < SEEN_WRITE_MS)) continue;
      const ids = due.get(at) ?? [];
      ids.push(id);
      due.set(at, ids);
    }
    for (const [at, ids] of due) {
      try {
        await this.deps.store.markAgentsSeen(ids, new Date(at).toISOString());
        for (const id of ids) this.recorded.set(id, at);
      } catch (err) {
        this.deps.log.warn({ err, agents: ids.length }, 'recording when agents were last seen failed; will retry');
      }
    }
  }
}
