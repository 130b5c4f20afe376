import type { Contact, ContactDevice, Conversation } from '@parley/protocol';
import { makeEvent } from '../events/catalogue.ts';
import { AppError } from '../lib/app-error.ts';
import { newId } from '../lib/ids.ts';
import type { AgentRecord, ContactChange, ContactRecord } from '../store/types.ts';
import { iso, type ServiceDeps } from './deps.ts';
import { toContactName, toContactView } from './views.ts';

const HISTORY_TICKETS = 50;

/** A contact of the agent's desk, with their tickets on every channel, newest activity first. */
export async function contactWithHistory(
  deps: ServiceDeps,
  agent: AgentRecord,
  id: string,
): Promise<{ contact: Contact; tickets: Conversation[]; mergedInto: string | null }> {
  const contact = await contactOfDesk(deps, agent, id);
  const tickets = await deps.store.listConversations({ deskId: agent.deskId, contactId: id, limit: HISTORY_TICKETS });
  // A merged contact is kept for the record: it says where it went (its tickets are there now).
  return { contact: toContactView(contact), tickets, mergedInto: contact.mergedInto ?? null };
}

export interface ContactEdit {
  name?: string | null | undefined;
  email?: string | null | undefined;
  phone?: string | null | undefined;
  attributes?: Record<string, string> | undefined;
}

/**
 * An agent corrects or completes what the desk knows of a customer. A field the customer's site had signed (verified)
 * that the agent changes is no longer verified; an empty value clears a field; an attribute with an empty value goes.
 */
export async function updateContactByAgent(deps: ServiceDeps, agent: AgentRecord, id: string, edit: ContactEdit): Promise<Contact> {
  const current = await contactOfDesk(deps, agent, id);
  const blank = (v: string | null | undefined) => (v === undefined ? undefined : v === null || v.trim() === '' ? null : v.trim());
  const change: ContactChange = {};
  const name = blank(edit.name);
  const email = blank(edit.email);
  const phone = blank(edit.phone);
  if (name !== undefined && name !== current.name) change.name = name;
  if (email !== undefined && email !== current.email) change.email = email;
  if (phone !== undefined && phone !== current.phone) change.phone = phone;
  if (edit.attributes !== undefined) {
    change.attributes = Object.fromEntries(Object.entries(edit.attributes).filter(([, value]) => value.trim() !== '').map(([k, v]) => [k.trim(), v.trim()]));
  }
  if (change.name !== undefined || change.email !== undefined) {
    change.verified = { name: change.name === undefined && current.verified.name, email: change.email === undefined && current.verified.email };
  }
  const fields = Object.keys(change).filter((k) => k !== 'verified');
  if (fields.length === 0) return toContactView(current);
  const updated = await deps.store.updateContact(id, change);
  if (!updated) throw new AppError('not_found', 'No such contact');
  await deps.store.appendEvent(
    makeEvent('contact.updated', { id: newId(), deskId: agent.deskId, conversationId: null, actor: { type: 'agent', id: agent.id }, at: iso(deps) }, { contactId: id, fields }),
  );
  if (change.name !== undefined || change.email !== undefined) deps.bus.emit('contact.named', { deskId: agent.deskId, contact: toContactName(updated) });
  return toContactView(updated);
}

async function contactOfDesk(deps: ServiceDeps, agent: AgentRecord, id: string): Promise<ContactRecord> {
  const contact = await deps.store.getContact(id);
  if (!contact || contact.deskId !== agent.deskId) throw new AppError('not_found', 'No such contact');
  return contact;
}

const MAX_USER_AGENT = 400;
const MAX_LANGUAGE = 100;

/** The browser a visitor's socket introduced itself as (headers are the visitor's own words: cut to size). */
export function deviceOf(headers: Record<string, string | string[] | undefined>): ContactDevice | undefined {
  const userAgent = typeof headers['user-agent'] === 'string' ? headers['user-agent'].slice(0, MAX_USER_AGENT) : '';
  const language = typeof headers['accept-language'] === 'string' ? headers['accept-language'].slice(0, MAX_LANGUAGE) : '';
  return userAgent || language ? { userAgent, language } : undefined;
}
