import type { Outbox } from '../events/outbox.ts';
import type { Logger } from '../lib/logger.ts';
import type { RateGuard } from '../security/rate-limits.ts';
import type { Store } from '../store/port.ts';
import type { Bus } from './bus.ts';
import type { DeskLive } from './desk-live.ts';
import type { OpenTickets } from './open-tickets.ts';

/** What every use case is given: no transport ever appears here. */
export interface ServiceDeps {
  store: Store;
  /** Committed events go here for fan-out (and later webhooks, mail, SLA timers). */
  outbox: Outbox;
  /** Non-domain signals between parts of this node (session revocation). */
  bus: Bus;
  log: Logger;
  now: () => Date;
  limits: RateGuard;
  openTickets: OpenTickets;
  /** The desk's settings as this node applies them (refreshed live when an admin changes them). */
  desk: DeskLive;
  /** How long an agent's login lasts (SESSION_TTL_SECONDS), on the server's clock. */
  sessionTtlMs: number;
}

export const iso = (deps: Pick<ServiceDeps, 'now'>): string => deps.now().toISOString();

/** What start-up needs before the desk is known (setup runs before the desk's settings can be read). */
export type SetupDeps = Omit<ServiceDeps, 'desk'>;
