/**
 * What needs the agent, as a pure reducer: mentions in notes, and tickets of theirs that moved while they were
 * elsewhere (a customer's new message on a ticket assigned to them, a ticket given to them, a new unassigned ticket
 * when nobody routes). The count is the title badge; a new item is what a sound and a desktop notification announce.
 */
import type { Conversation } from '@parley/protocol/model';
import type { Mention, TicketNotice } from '@parley/protocol/notifications';

export type AttentionReason = 'message' | 'assigned' | 'new' | 'transfer' | 'escalation';

export interface Attention {
  conversationId: string;
  number: number;
  subject: string;
  /** What to show under it: the new message's own text for a new message, else the subject. */
  preview: string;
  reason: AttentionReason;
  at: string;
  /** A transfer's note or an escalation's reason, and who did it (notices only). */
  note?: string;
  byAgentId?: string | null;
}

export interface NotificationState {
  selfId: string;
  /** Newest first. */
  mentions: readonly Mention[];
  /** Mentions after this moment are unread. */
  mentionsSeenAt: string;
  /** Newest first, one per ticket. */
  tickets: readonly Attention[];
  /** What each ticket looked like when last heard of (to tell a new message from a repeated frame). */
  known: ReadonlyMap<string, Pick<Conversation, 'lastSeq' | 'lastMessageAt' | 'assigneeId'>>;
  /** The ticket on screen: it needs no notification. */
  viewing: string | null;
}

export type NotificationAction =
  | { type: 'mentions'; mentions: readonly Mention[] }
  | { type: 'mention'; mention: Mention }
  | { type: 'mentionsSeen'; at: string }
  /** A colleague transferred a ticket to the agent (or their team), or escalated one of theirs to urgent. */
  | { type: 'notice'; notice: TicketNotice }
  | { type: 'created'; conversation: Conversation; routing: boolean }
  | { type: 'updated'; conversations: readonly Conversation[] }
  /** Tickets the list loaded: known, nothing to announce. */
  | { type: 'seed'; conversations: readonly Conversation[] }
  | { type: 'viewing'; conversationId: string | null }
  | { type: 'dismiss'; conversationId: string }
  | { type: 'clear' };

const MAX_ITEMS = 50;

export function initialNotifications(selfId: string, mentionsSeenAt: string): NotificationState {
  return { selfId, mentions: [], mentionsSeenAt, tickets: [], known: new Map(), viewing: null };
}

export function unreadMentions(state: NotificationState): Mention[] {
  return state.mentions.filter((m) => m.at > state.mentionsSeenAt && m.conversationId !== state.viewing);
}

export function notificationCount(state: NotificationState): number {
  return state.tickets.length + unreadMentions(state).length;
}

function withTicket(state: NotificationState, item: Attention): NotificationState {
  if (item.conversationId === state.viewing) return state;
  const tickets = [item, ...state.tickets.filter((t) => t.conversationId !== item.conversationId)].slice(0, MAX_ITEMS);
  return { ...state, tickets };
}

export function notificationsReducer(state: NotificationState, action: NotificationAction): NotificationState {
  switch (action.type) {
    case 'mentions': {
      const ids = new Set(state.mentions.map((m) => m.id));
      const mentions = [...state.mentions, ...action.mentions.filter((m) => !ids.has(m.id))].sort((a, b) => b.at.localeCompare(a.at));
      return { ...state, mentions: mentions.slice(0, MAX_ITEMS) };
    }
    case 'mention':
      if (state.mentions.some((m) => m.id === action.mention.id)) return state;
      return { ...state, mentions: [action.mention, ...state.mentions].slice(0, MAX_ITEMS) };
    case 'notice': {
      const n = action.notice;
      if (state.tickets.some((t) => t.conversationId === n.conversationId && t.at === n.at && t.reason === n.kind)) return state;
      return withTicket(state, { conversationId: n.conversationId, number: n.number, subject: n.subject, preview: n.subject, reason: n.kind, at: n.at, note: n.note, byAgentId: n.byAgentId });
    }
    case 'mentionsSeen':
      return action.at > state.mentionsSeenAt ? { ...state, mentionsSeenAt: action.at } : state;
    case 'created': {
      const c = action.conversation;
      const known = new Map(state.known).set(c.id, c);
      const next = { ...state, known };
      // Without routing, a new ticket waits for whoever takes it: every agent hears of it.
      if (!action.routing && c.assigneeId === null) return withTicket(next, attention(c, 'new'));
      if (c.assigneeId === state.selfId) return withTicket(next, attention(c, 'assigned'));
      return next;
    }
    case 'seed': {
      const known = new Map(state.known);
      for (const c of action.conversations) if (!known.has(c.id)) known.set(c.id, c);
      return { ...state, known };
    }
    case 'updated': {
      let next = state;
      const known = new Map(state.known);
      for (const c of action.conversations) {
        const before = known.get(c.id);
        known.set(c.id, c);
        if (c.assigneeId !== state.selfId) {
          // Taken by someone, or given away: no longer this agent's to answer.
          if (c.assigneeId !== null || before?.assigneeId === state.selfId) next = without(next, c.id);
          continue;
        }
        if (!before) {
          // Never heard of, and now theirs: given to them (or a change on an old ticket of theirs).
          next = withTicket(next, attention(c, c.updatedAt >= c.lastMessageAt ? 'assigned' : 'message'));
        } else if (before.assigneeId !== state.selfId) {
          // A transfer's notice says more (who, and their note) than "is yours now".
          if (!next.tickets.some((t) => t.conversationId === c.id && t.reason === 'transfer')) next = withTicket(next, attention(c, 'assigned'));
        } else if (c.lastSeq > before.lastSeq && c.lastMessageAt > before.lastMessageAt) {
          next = withTicket(next, attention(c, 'message'));
        }
      }
      return { ...next, known };
    }
    case 'viewing': {
      if (action.conversationId === state.viewing) return state;
      const tickets = action.conversationId ? state.tickets.filter((t) => t.conversationId !== action.conversationId) : state.tickets;
      return { ...state, viewing: action.conversationId, tickets };
    }
    case 'dismiss':
      return without(state, action.conversationId);
    case 'clear':
      return { ...state, tickets: [] };
  }
}

function without(state: NotificationState, conversationId: string): NotificationState {
  return state.tickets.some((t) => t.conversationId === conversationId)
    ? { ...state, tickets: state.tickets.filter((t) => t.conversationId !== conversationId) }
    : state;
}

function attention(c: Conversation, reason: AttentionReason): Attention {
  const preview = reason === 'message' ? c.lastMessagePreview || c.subject : c.subject;
  return { conversationId: c.id, number: c.number, subject: c.subject, preview, reason, at: c.updatedAt > c.lastMessageAt ? c.updatedAt : c.lastMessageAt };
}
