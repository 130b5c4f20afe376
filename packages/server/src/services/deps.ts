import type { Logger } from '../lib/logger.ts';
import type { RateGuard } from '../security/rate-limits.ts';
import type { Store } from '../store/port.ts';
import type { Bus } from './bus.ts';

/** What every use case is given: no transport ever appears here. */
export interface ServiceDeps {
  store: Store;
  bus: Bus;
  log: Logger;
  now: () => Date;
  limits: RateGuard;
}

export const iso = (deps: ServiceDeps): string => deps.now().toISOString();
