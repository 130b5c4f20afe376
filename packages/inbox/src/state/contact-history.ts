/**
 * A customer's tickets as the contact panel lists them: the contacts API's answer (loaded when the ticket opens),
 * kept live by the desk's list updates and by the open ticket as the workspace has it now. Without this a line kept
 * the status it had when the panel loaded (a reply that opened a New ticket still showed "New"; another ticket of
 * the customer resolved by a colleague still showed "Open"; a new ticket of theirs was missing).
 */
import type { Conversation } from '@parley/protocol/model';
import { compareConversations, isNotOlder } from './conversations.ts';

/** `tickets` after a newer copy of one ticket: kept, replaced, added (a new ticket of the customer) or dropped (moved to another contact). */
export function historyWithUpdate(tickets: readonly Conversation[], contactId: string, update: Conversation): Conversation[] {
  const known = tickets.find((t) => t.id === update.id);
  if (known && !isNotOlder(update, known)) return [...tickets];
  if (!known && update.contactId !== contactId) return [...tickets];
  const others = tickets.filter((t) => t.id !== update.id);
  return (update.contactId === contactId ? [...others, update] : others).sort(compareConversations);
}

/** The answer with the open ticket as it is now: the customer is the one the answer is about (else the ticket's own). */
export function historyWithLive(tickets: readonly Conversation[], live: Conversation): Conversation[] {
  const contactId = (tickets.find((t) => t.id === live.id) ?? tickets[0] ?? live).contactId;
  return historyWithUpdate(tickets, contactId, live);
}
