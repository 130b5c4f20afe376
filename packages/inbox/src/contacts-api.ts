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

export const editContact = (id: string, edit: ContactEditInput) => request<{ contact: Contact }>('PATCH', `/contacts/${encodeURIComponent(id)}`, edit);
