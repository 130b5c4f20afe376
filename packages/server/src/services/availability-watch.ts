import type { DeskAvailability } from '@parley/protocol';
import { deskAvailability } from '../domain/availability.ts';
import type { ServiceDeps } from './deps.ts';

export interface AvailabilityWatchOptions {
  /** Agents with a tab open on any node. */
  connectedAgents: () => Promise<Set<string>>;
  /** Tells this node's visitors (each node tells its own). */
  announce: (availability: DeskAvailability) => void;
  /** A tab closed this long ago still counts (a reload, a short network cut), as for routing. */
  graceMs: number;
  everyMs: number;
}

/**
 * Keeps this node's view of whether an agent would answer now (`deskAvailability`), looked at again when an agent's
 * tab or account changes and every `everyMs` (other nodes' agents), and announces each change to the widgets.
 */
export class AvailabilityWatch {
  private state: DeskAvailability;
  private readonly lastConnectedAt = new Map<string, number>();
  private readonly startedAt: number;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;
  private offs: Array<() => void> = [];

  constructor(
    private readonly deps: Pick<ServiceDeps, 'store' | 'desk' | 'bus' | 'log' | 'now'>,
    private readonly opts: AvailabilityWatchOptions,
  ) {
    this.startedAt = deps.now().getTime();
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
    const present = (id: string) => connected.has(id) || now - (this.lastConnectedAt.get(id) ?? this.startedAt) <= this.opts.graceMs;
    const next = deskAvailability(agents, present);
    if (next === this.state) return;
    this.state = next;
    this.opts.announce(next);
  }
}
