import { newId } from '../lib/ids.ts';
import type { EventRecord } from '../store/types.ts';
import { iso, type ServiceDeps } from './deps.ts';

/** Appends to the desk's append-only event log, the source reports compute from. */
export async function logEvent(
  deps: ServiceDeps,
  deskId: string,
  type: string,
  actor: EventRecord['actor'],
  conversationId: string | null,
  data: Record<string, unknown> = {},
): Promise<void> {
  await deps.store.appendEvent({ id: newId(), deskId, type, conversationId, actor, data, at: iso(deps) });
}
