import type { ContactName, Conversation } from '@parley/protocol';
import type { ServiceDeps } from './deps.ts';
import { toContactName } from './views.ts';

/**
 * The customers of a page of the ticket list, each once, named as the list shows them (name and e-mail only): one
 * store read for the page; a contact missing or of another desk is left out.
 */
export async function contactNamesOf(deps: Pick<ServiceDeps, 'store'>, deskId: string, conversations: readonly Conversation[]): Promise<ContactName[]> {
  const ids = [...new Set(conversations.map((c) => c.contactId))];
  const found = await deps.store.getContacts(ids);
  return found.filter((c) => c.deskId === deskId).map(toContactName);
}
