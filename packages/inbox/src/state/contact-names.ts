/**
 * The customers' names the ticket list shows, by contact id, as pure functions. A page of the list brings the names
 * of its tickets' customers; a ticket that enters the list live (a new one, one assigned to me) may have a customer
 * the list has not named yet: the inbox asks for those ones (`unnamedContacts`).
 */
import type { ContactName, Conversation } from '@parley/protocol/model';
import { contactLabel } from './contact-label.ts';

export type ContactNames = ReadonlyMap<string, ContactName>;

export const noContactNames: ContactNames = new Map();

/** The names with these contacts as the server now describes them; the same map when nothing changed. */
export function learnNames(names: ContactNames, contacts: readonly ContactName[]): ContactNames {
  let next: Map<string, ContactName> | null = null;
  for (const c of contacts) {
    const known = (next ?? names).get(c.id);
    if (known && known.name === c.name && known.email === c.email) continue;
    next ??= new Map(names);
    next.set(c.id, { id: c.id, name: c.name, email: c.email });
  }
  return next ?? names;
}

/** The customers of `conversations` with no name known yet and not asked for already (each once, in list order). */
export function unnamedContacts(conversations: readonly Conversation[], names: ContactNames, asked: ReadonlySet<string>): string[] {
  const ids = new Set<string>();
  for (const c of conversations) if (!names.has(c.contactId) && !asked.has(c.contactId)) ids.add(c.contactId);
  return [...ids];
}

/**
 * How a row names its customer: the name, else the e-mail; null when the contact has neither (the row says
 * "Visitor", as the contact sidebar does) and undefined while the name is not known yet.
 */
export function customerName(names: ContactNames, contactId: string): string | null | undefined {
  const c = names.get(contactId);
  return c === undefined ? undefined : contactLabel({ name: c.name, email: c.email, phone: null }).main;
}
