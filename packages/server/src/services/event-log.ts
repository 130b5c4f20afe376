import type { EventActor, EventData, EventType } from '../events/catalogue.ts';
import { makeEvent } from '../events/catalogue.ts';
import { newId } from '../lib/ids.ts';
import { iso, type SetupDeps } from './deps.ts';

/** Records an audit event that changes no ticket (ticket changes commit their events with the change). */
export async function logEvent<K extends EventType>(
  deps: SetupDeps,
  deskId: string,
  type: K,
  actor: EventActor,
  data: EventData<K>,
): Promise<void> {
  await deps.store.appendEvent(makeEvent(type, { id: newId(), deskId, conversationId: null, actor, at: iso(deps) }, data));
}
