import mongoose from 'mongoose';
import type { ConversationFilter, TicketSearch } from '../types.ts';
import type { Models } from './models.ts';
import type { ConversationDoc } from './schemas/conversation.ts';

type Query = mongoose.QueryFilter<ConversationDoc>;

/**
 * How many tickets a message search, and how many contacts a contact search, may contribute. FerretDB (the test
 * server) has no text index, so these searches are case-insensitive scans of escaped literals, bounded here; a real
 * MongoDB deployment should add a text index on messages.text (and contacts' name and e-mail) and search with $text.
 */
export const MESSAGE_MATCHES_LIMIT = 2000;
export const CONTACT_MATCHES_LIMIT = 500;

/** The conversations query of `listConversations`; its sort is { lastMessageAt: -1, number: -1 }. */
export async function conversationQuery(m: Models, filter: ConversationFilter): Promise<Query> {
  const and: Query[] = [{ deskId: filter.deskId }];
  if (filter.statuses) and.push({ status: mongoose.trusted({ $in: [...filter.statuses] }) });
  if (filter.assigneeId !== undefined) and.push({ assigneeId: filter.assigneeId });
  if (filter.teamId !== undefined) and.push({ teamId: filter.teamId });
  if (filter.contactId !== undefined) and.push({ contactId: filter.contactId });
  if (filter.priority !== undefined) and.push({ priority: filter.priority });
  if (filter.channel !== undefined) and.push({ channel: filter.channel });
  if (filter.tag !== undefined) and.push({ tags: filter.tag });
  if (filter.after) {
    const { lastMessageAt, number } = filter.after;
    and.push({
      $or: [{ lastMessageAt: mongoose.trusted({ $lt: lastMessageAt }) }, { lastMessageAt, number: mongoose.trusted({ $lt: number }) }],
    });
  }
  if (filter.search) and.push(await searchQuery(m, filter.deskId, filter.search));
  return and.length === 1 ? and[0]! : { $and: and };
}

async function searchQuery(m: Models, deskId: string, search: TicketSearch): Promise<Query> {
  const any: Query[] = [];
  if (search.number !== null) any.push({ number: search.number });
  if (search.words.length > 0) {
    const patterns = search.words.map((w) => new RegExp(escapeRegExp(w), 'i'));
    const [messages, contacts] = await Promise.all([
      m.messages
        .find({ $and: patterns.map((text) => ({ text })), type: mongoose.trusted({ $in: ['visitor', 'agent', 'note'] }) })
        .select({ conversationId: 1 })
        .limit(MESSAGE_MATCHES_LIMIT)
        .lean<Array<{ conversationId: string }>>()
        .exec(),
      m.contacts
        .find({ deskId, $and: patterns.map((p) => ({ $or: [{ name: p }, { email: p }] })) })
        .select({ _id: 1 })
        .limit(CONTACT_MATCHES_LIMIT)
        .lean<Array<{ _id: string }>>()
        .exec(),
    ]);
    const conversationIds = [...new Set(messages.map((x) => x.conversationId))];
    if (conversationIds.length > 0) any.push({ _id: mongoose.trusted({ $in: conversationIds }) });
    if (contacts.length > 0) any.push({ contactId: mongoose.trusted({ $in: contacts.map((c) => c._id) }) });
    any.push({ $and: patterns.map((subject) => ({ subject })) });
  }
  // Nothing can match: a condition no document meets.
  return any.length === 0 ? { _id: mongoose.trusted({ $in: [] }) } : { $or: any };
}

/** The word as a literal pattern: linear to match, whatever the agent typed. */
function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
