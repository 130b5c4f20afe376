/**
 * The names of the listed tickets' customers (state/contact-names.ts): learnt from each page of the list and from the
 * contact the agent has open (its edits and the visitor's own changes included); a customer the list shows without a
 * name known yet (a ticket that arrived live) is asked for once with `GET /contacts/:id` (`useNamesFor`).
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { SERVER_EVENTS } from '@parley/protocol/events';
import type { ContactName, Conversation } from '@parley/protocol/model';
import type { Socket } from 'socket.io-client';
import { contactWithTickets } from '../contacts-api.ts';
import { listen } from '../socket.ts';
import { learnNames, noContactNames, unnamedContacts, type ContactNames } from '../state/contact-names.ts';

export interface ContactNamesState {
  names: ContactNames;
  learn: (contacts: readonly ContactName[]) => void;
}

export function useContactNames(socket: Pick<Socket, 'on' | 'off'> | null): ContactNamesState {
  const [names, setNames] = useState<ContactNames>(noContactNames);
  const learn = useCallback((contacts: readonly ContactName[]) => {
    if (contacts.length > 0) setNames((current) => learnNames(current, contacts));
  }, []);
  // A colleague's edit, or the visitor's own form, on any ticket: `contact.named` reaches every agent of the desk.
  useEffect(() => {
    if (!socket) return;
    return listen(socket, SERVER_EVENTS.contactNamed, (payload) => {
      const contact = contactNameOf(payload);
      if (contact) learn([contact]);
    });
  }, [socket, learn]);
  return { names, learn };
}

/** The `contact` of a `contact.named` payload when it has the expected shape. */
function contactNameOf(payload: unknown): ContactName | null {
  const c = (payload as { contact?: Partial<ContactName> } | null)?.contact;
  if (!c || typeof c.id !== 'string') return null;
  const text = (v: unknown) => (typeof v === 'string' ? v : null);
  return { id: c.id, name: text(c.name), email: text(c.email) };
}

type Lookup = (id: string) => ReturnType<typeof contactWithTickets>;

/** Asks for the customers of `conversations` whose names are not known yet (each once while it is being asked). */
export function useNamesFor(conversations: readonly Conversation[], { names, learn }: ContactNamesState, lookup: Lookup = contactWithTickets): void {
  const asked = useRef(new Set<string>());
  useEffect(() => {
    for (const id of unnamedContacts(conversations, names, asked.current)) {
      asked.current.add(id);
      void lookup(id).then((answer) => {
        if (answer.ok) learn([answer.contact]);
        // Gone (merged away, or not of this desk): named "Visitor". Another failure is asked again at the next change.
        else if (answer.error.code === 'not_found') learn([{ id, name: null, email: null }]);
        else asked.current.delete(id);
      });
    }
  }, [conversations, names, learn, lookup]);
}
