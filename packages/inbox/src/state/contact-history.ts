/**
 * A customer's tickets as the contact panel lists them: the contacts API's answer (loaded when the ticket opens) with
 * the open ticket as it is now. The open ticket is kept live by the workspace; without this its line in the list kept
 * the status it had when the panel loaded (a reply that opened a New ticket still showed "New").
 */
import type { Conversation } from '@parley/protocol/model';
import { compareConversations, isNotOlder } from './conversations.ts';

export function historyWithLive(tickets: readonly Conversation[], live: Conversation): Conversation[] {
  const known = tickets.find((t) => t.id === live.id);
  if (known && !isNotOlder(live, known)) return [...tickets];
  const others = tickets.filter((t) => t.id !== live.id);
  // Only the customer's own tickets: a ticket merged to another contact leaves their list.
  const merged = live.contactId === (known ?? tickets[0] ?? live).contactId ? [...others, live] : others;
  return merged.sort(compareConversations);
}
