import { wakeSnoozed } from '../domain/edit-ticket.ts';
import { newId } from '../lib/ids.ts';
import { iso, type ServiceDeps } from './deps.ts';

const BATCH = 200;

/**
 * Wakes snoozed tickets whose time has come: at start (what came due while Parley was down) and every `everyMs`.
 * Every node runs it; the version check lets exactly one node's wake-up of a ticket land, the others find it changed.
 */
export class SnoozeAlarm {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | null = null;

  constructor(private readonly deps: ServiceDeps) {}

  start(everyMs: number): void {
    void this.tick();
    this.timer = setInterval(() => void this.tick(), everyMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Wakes what is due; answers how many tickets it woke. */
  tick(): Promise<number> {
    this.running ??= this.wakeDue()
      .catch((err: unknown) => {
        this.deps.log.warn({ err }, 'waking snoozed tickets failed; will retry');
        return 0;
      })
      .finally(() => (this.running = null));
    return this.running;
  }

  private async wakeDue(): Promise<number> {
    const { store, outbox } = this.deps;
    let woken = 0;
    for (;;) {
      const at = iso(this.deps);
      const due = await store.listSnoozedDue(at, BATCH);
      for (const ticket of due) {
        const decision = wakeSnoozed(ticket, { eventId: newId(), at });
        if (!decision) continue;
        const updated = await store.updateConversation(ticket.id, ticket.version, decision.patch, at, decision.events);
        if (!updated) continue; // changed meanwhile (another node woke it, or an agent acted): nothing to do
        outbox.publish({ events: decision.events, ticket: updated });
        woken++;
      }
      if (due.length < BATCH) return woken;
    }
  }
}
