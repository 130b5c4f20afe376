/** The contact REST calls (`/api/v1/contacts/:id`): a customer with their tickets, and an agent's edit. */
import type { Contact, Conversation } from '@parley/protocol/model';
import { request } from './api.ts';

export interface ContactEditInput {
  name?: string | null;
  email?: string | null;
  phone?: string | null;
  attributes?: Record<string, string>;
}

export const contactWithTickets = (id: string) => request<{ contact: Contact; tickets: Conversation[] }>('GET', `/contacts/${encodeURIComponent(id)}`);

/** Contacts of the desk whose name, e-mail or phone contains `text` (merged ones never). */
export const findContacts = (text: string) => request<{ contacts: Contact[] }>('GET', `/contacts?search=${encodeURIComponent(text)}&limit=8`);

/** Merges the contact `id` (a duplicate) into `targetId`: its tickets move there. */
export const mergeContactInto = (id: string, targetId: string) =>
  request<{ contact: Contact; moved: number }>('POST', `/contacts/${encodeURIComponent(id)}/merge`, { targetId });

export const editContact = (id: string, edit: ContactEditInput) => request<{ contact: Contact }>('PATCH', `/contacts/${encodeURIComponent(id)}`, edit);
