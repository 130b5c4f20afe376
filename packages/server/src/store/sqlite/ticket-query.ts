import { CONVERSATION_STATUSES, type ConversationStatus } from '@parley/protocol';
import type { ConversationFilter, TicketSearch } from '../types.ts';

/**
 * Messages are indexed for search in `message_fts` (FTS5, contentless, unicode61: Korean and other scripts split into
 * words on their own) under rowid = the conversation's rowid × 2^24 + the message's seq, so a match names its ticket
 * without a lookup table. Messages past seq 2^24 on one ticket are not indexed.
 */
export const FTS_SEQ_BITS = 24;
export const FTS_MAX_SEQ = 2 ** FTS_SEQ_BITS - 1;

type Params = Record<string, unknown>;

/** The WHERE clause (and its parameters) of `listConversations`; the ORDER BY matches the list indexes. */
export function conversationQuery(filter: ConversationFilter): { sql: string; params: Params } {
  const where = ['desk_id = @deskId'];
  const params: Params = { deskId: filter.deskId, limit: filter.limit };
  if (filter.statuses) where.push(statusesSql(filter.statuses));
  if (filter.assigneeId !== undefined) {
    where.push('assignee_id IS @assigneeId');
    params.assigneeId = filter.assigneeId;
  }
  if (filter.teamId !== undefined) {
    where.push('team_id = @teamId');
    params.teamId = filter.teamId;
  }
  if (filter.contactId !== undefined) {
    where.push('contact_id = @contactId');
    params.contactId = filter.contactId;
  }
  if (filter.priority !== undefined) {
    where.push('priority = @priority');
    params.priority = filter.priority;
  }
  if (filter.channel !== undefined) {
    where.push('channel = @channel');
    params.channel = filter.channel;
  }
  if (filter.tag !== undefined) {
    where.push('EXISTS (SELECT 1 FROM json_each(conversations.tags) WHERE value = @tag)');
    params.tag = filter.tag;
  }
  if (filter.after) {
    // The range on last_message_at alone lets the planner seek in the list index; the OR settles the ties.
    where.push('last_message_at <= @afterAt AND (last_message_at < @afterAt OR number < @afterNumber)');
    params.afterAt = filter.after.lastMessageAt;
    params.afterNumber = filter.after.number;
  }
  if (filter.search) where.push(searchSql(filter.search, params));
  const sql = `SELECT * FROM conversations${indexedBy(filter)} WHERE ${where.join(' AND ')} ORDER BY last_message_at DESC, number DESC LIMIT @limit`;
  return { sql, params };
}

function searchSql(search: TicketSearch, params: Params): string {
  const any: string[] = [];
  if (search.number !== null) {
    any.push('number = @searchNumber');
    params.searchNumber = search.number;
  }
  if (search.words.length > 0) {
    const fts = ftsQuery(search.words);
    if (fts) {
      any.push(`rowid IN (SELECT rowid >> ${FTS_SEQ_BITS} FROM message_fts WHERE message_fts MATCH @fts)`);
      params.fts = fts;
    }
    const contains = (column: string) => search.words.map((_, i) => `instr(lower(${column}), @w${i}) > 0`).join(' AND ');
    search.words.forEach((w, i) => (params[`w${i}`] = w));
    any.push(`(${contains('subject')})`);
    any.push(
      `contact_id IN (SELECT id FROM contacts WHERE desk_id = @deskId AND ${contains("coalesce(name, '') || ' ' || coalesce(email, '')")})`,
    );
  }
  return any.length === 0 ? '0' : `(${any.join(' OR ')})`;
}

/**
 * Every word as a quoted prefix phrase (`"refund"*`), all required: quoting makes any character literal (an e-mail
 * becomes the phrase of its parts), so no input is FTS5 syntax. Words without a letter or digit index nothing.
 */
export function ftsQuery(words: readonly string[]): string | null {
  const terms = words.filter((w) => /[\p{L}\p{N}]/u.test(w)).map((w) => `"${w.replaceAll('"', '""')}"*`);
  return terms.length === 0 ? null : terms.join(' ');
}

const ACTIVE: readonly ConversationStatus[] = ['new', 'open', 'pending'];

/**
 * The index a list walks, named because SQLite's planner, without statistics, prefers conversations_recent (it is
 * narrower and already in the list's order) and would read every ticket of the desk to test the other conditions:
 * - one contact's tickets: conversations_contact finds them at once (a handful, sorted after);
 * - the active queues (all active, unassigned, mine, a team's): one partial index, conversations_active (migration
 *   14), which carries the assignee and the team so that those filters are checked in the index.
 */
function indexedBy(filter: ConversationFilter): string {
  if (filter.contactId !== undefined) return ' INDEXED BY conversations_contact';
  const active = filter.statuses?.length === ACTIVE.length && ACTIVE.every((s) => filter.statuses!.includes(s));
  return active ? ' INDEXED BY conversations_active' : '';
}

/**
 * `status IN ('new', 'open', 'pending')` with literals in the enum's order, so that the query planner recognises the
 * partial indexes of the active queues (migration 2); bound parameters would hide the match. Only known statuses.
 */
export function statusesSql(statuses: readonly ConversationStatus[]): string {
  const known = CONVERSATION_STATUSES.filter((s) => statuses.includes(s));
  if (known.length !== new Set(statuses).size) throw new TypeError('unknown conversation status');
  return `status IN (${known.map((s) => `'${s}'`).join(', ')})`;
}
