/**
 * The customer of the open ticket as the contacts API knows them (fields, device, every ticket of theirs), loaded when
 * the ticket changes; `saved` takes an edit's answer, `contact.updated` what the visitor changed in a widget form
 * meanwhile (an e-mail left mid-conversation), and the desk's ticket events keep their tickets' lines as they are now
 * (a colleague resolving one, the customer starting another). Until it answers, the contact the ticket came with is shown.
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import type { Socket } from 'socket.io-client';
import { SERVER_EVENTS } from '@parley/protocol/events';
import { listen } from '../socket.ts';
import type { ErrorBody } from '@parley/protocol/errors';
import type { Contact, Conversation } from '@parley/protocol/model';
import { contactWithTickets } from '../contacts-api.ts';
import { historyWithUpdate } from '../state/contact-history.ts';
import { conversationOf, conversationsOf } from '../state/guards.ts';

export interface ContactDetails {
  contact: Contact | null;
  tickets: readonly Conversation[] | null;
  error: ErrorBody | null;
  saved: (contact: Contact) => void;
}

export function useContact(contactId: string | null, fallback: Contact | null, ticketId: string, socket?: Pick<Socket, 'on' | 'off'>): ContactDetails {
  const [state, setState] = useState<{ id: string | null; contact: Contact | null; tickets: readonly Conversation[] | null; error: ErrorBody | null }>({
    id: null,
    contact: null,
    tickets: null,
    error: null,
  });
  useEffect(() => {
    if (!contactId) return;
    let alive = true;
    void contactWithTickets(contactId).then((answer) => {
      if (!alive) return;
      setState(answer.ok ? { id: contactId, contact: answer.contact, tickets: answer.tickets, error: null } : { id: contactId, contact: null, tickets: null, error: answer.error });
    });
    return () => {
      alive = false;
    };
  }, [contactId, ticketId]);
  const saved = useCallback((contact: Contact) => setState((s) => ({ ...s, id: contact.id, contact })), []);
  useEffect(() => {
    if (!socket || !contactId) return;
    return listen(socket, SERVER_EVENTS.contactUpdated, (payload) => {
      const contact = (payload as { contact?: Contact } | null)?.contact;
      // Only over the loaded answer of this contact (before it, the answer brings the same or newer).
      if (contact && typeof contact === 'object' && contact.id === contactId) setState((s) => (s.id === contactId ? { ...s, contact } : s));
    });
  }, [socket, contactId]);
  useEffect(() => {
    if (!socket || !contactId) return;
    // Only over the loaded answer of this contact; an update that arrives before it is in the answer already.
    const apply = (updates: Conversation[]) =>
      setState((s) => (s.id === contactId && s.tickets ? { ...s, tickets: updates.reduce((list, update) => historyWithUpdate(list, contactId, update), s.tickets) } : s));
    const offCreated = listen(socket, SERVER_EVENTS.conversationCreated, (payload) => {
      const created = conversationOf(payload);
      if (created) apply([created]);
    });
    const offUpdated = listen(socket, SERVER_EVENTS.conversationsUpdated, (payload) => apply(conversationsOf(payload)));
    return () => {
      offCreated();
      offUpdated();
    };
  }, [socket, contactId]);
  const mine = state.id === contactId;
  return { contact: (mine && state.contact) || fallback, tickets: mine ? state.tickets : null, error: mine ? state.error : null, saved };
}
