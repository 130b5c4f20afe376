import type { Contact, TicketActivity } from '@parley/protocol';
import { mergeContactRecords } from '../domain/merge-contacts.ts';
import type { EventOf } from '../events/catalogue.ts';
import { AppError } from '../lib/app-error.ts';
import { newId } from '../lib/ids.ts';
import type { AgentRecord, ContactRecord } from '../store/types.ts';
import { iso, type ServiceDeps } from './deps.ts';
import { toContactView } from './views.ts';

/** Most tickets a merge moves (a contact with more is merged by an operator, not from the inbox). */
const MAX_MERGED_TICKETS = 1000;
/** How far back a ticket's timeline looks for merges of its contact. */
const RECENT_MERGES = 500;

/**
 * An agent merges a duplicate contact into another of their desk: the domain combines the fields and checks the
 * tickets, the store moves them and marks the source, in one step; the moved tickets' list rows update live.
 */
export async function mergeContact(deps: ServiceDeps, agent: AgentRecord, sourceId: string, targetId: string): Promise<{ contact: Contact; moved: number }> {
  const [source, target] = await Promise.all([contactOfDesk(deps, agent, sourceId, 'id'), contactOfDesk(deps, agent, targetId, 'targetId')]);
  const [sourceTickets, targetTickets] = await Promise.all([
    deps.store.listConversations({ deskId: agent.deskId, contactId: source.id, limit: MAX_MERGED_TICKETS + 1 }),
    deps.store.listConversations({ deskId: agent.deskId, contactId: target.id, statuses: ['new', 'open', 'pending', 'snoozed', 'resolved'], limit: 100 }),
  ]);
  if (sourceTickets.length > MAX_MERGED_TICKETS) throw new AppError('invalid_input', `id: a contact with more than ${MAX_MERGED_TICKETS} tickets cannot be merged here`);
  const at = iso(deps);
  const { change, event } = mergeContactRecords(source, target, { source: sourceTickets, target: targetTickets }, {
    actor: { type: 'agent', id: agent.id },
    eventId: newId(),
    at,
  });
  const outcome = await deps.store.mergeContacts({ sourceId: source.id, targetId: target.id, target: change, at, event });
  if (outcome.status === 'missing') throw new AppError('conflict', 'One of the contacts was merged or removed meanwhile; reload it', { reason: 'already_merged' });
  if (outcome.status === 'clash') {
    throw new AppError('conflict', 'Both contacts have an unclosed ticket on the same channel: close one of them first', { reason: 'both_open' });
  }
  for (const ticket of outcome.moved) deps.outbox.publish({ events: [event], ticket });
  return { contact: toContactView(outcome.target), moved: outcome.moved.length };
}

/** Contacts of the agent's desk for the merge picker: by a part of the name, e-mail or phone. */
export async function searchContacts(deps: ServiceDeps, agent: AgentRecord, text: string, limit: number): Promise<Contact[]> {
  return (await deps.store.searchContacts(agent.deskId, text, limit)).map(toContactView);
}

/** The merges that moved this ticket, as lines of its timeline. */
export async function mergeActivity(deps: ServiceDeps, deskId: string, conversationId: string): Promise<TicketActivity[]> {
  const events = await deps.store.listEvents({ deskId, types: ['contact.merged'], limit: RECENT_MERGES, newestFirst: true });
  return events
    .flatMap((e) => (e.type === 'contact.merged' && e.data.conversationIds.includes(conversationId) ? [toMergeActivity(e, conversationId)] : []))
    .reverse();
}

export function toMergeActivity(event: EventOf<'contact.merged'>, conversationId: string): TicketActivity {
  return { id: event.id, conversationId, at: event.at, actor: { type: event.actor.type, id: event.actor.id }, cause: 'contact_merge', changes: {} };
}

async function contactOfDesk(deps: ServiceDeps, agent: AgentRecord, id: string, field: string): Promise<ContactRecord> {
  const contact = await deps.store.getContact(id);
  if (!contact || contact.deskId !== agent.deskId) throw new AppError('not_found', 'No such contact', { field });
  return contact;
}
