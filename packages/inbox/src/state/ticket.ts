/**
 * The open ticket as a pure reducer. Every answer carries the ticket id it belongs to, so a late answer for a
 * ticket the agent already left is dropped instead of overwriting the one on screen.
 */
import type { ErrorBody } from '@parley/protocol/errors';
import type { Contact, Conversation, Message, TicketActivity } from '@parley/protocol/model';
import { mergeActivity } from './activity.ts';
import { isNotOlder } from './conversations.ts';
import { contiguousEnd, mergeMessages } from './timeline.ts';

export interface TicketState {
  id: string | null;
  phase: 'idle' | 'loading' | 'ready' | 'error';
  conversation: Conversation | null;
  contact: Contact | null;
  messages: readonly Message[];
  /** The ticket's changes (status, assignee, team, tags, snooze), for lines in the timeline. */
  activity: readonly TicketActivity[];
  /** The seq just below the oldest message an open answered (0: the whole history); see timeline.syncFrom. */
  floor: number;
  error: ErrorBody | null;
}

export type TicketAction =
  | { type: 'select'; id: string | null }
  | {
      type: 'opened';
      id: string;
      conversation: Conversation;
      contact: Contact | null;
      messages: readonly Message[];
      activity?: readonly TicketActivity[] | undefined;
    }
  | { type: 'activity'; activity: TicketActivity }
  | { type: 'failed'; id: string; error: ErrorBody }
  | { type: 'messages'; id: string; messages: readonly Message[] }
  | { type: 'conversation'; conversation: Conversation };

export const emptyTicket: TicketState = {
  id: null,
  phase: 'idle',
  conversation: null,
  contact: null,
  messages: [],
  activity: [],
  floor: 0,
  error: null,
};

function newer(current: Conversation | null, incoming: Conversation): Conversation {
  return current && !isNotOlder(incoming, current) ? current : incoming;
}

export function ticketReducer(state: TicketState, action: TicketAction): TicketState {
  switch (action.type) {
    case 'select':
      if (action.id === state.id) return state;
      return action.id === null ? emptyTicket : { ...emptyTicket, id: action.id, phase: 'loading' };
    case 'opened': {
      if (action.id !== state.id) return state;
      const own = action.messages.filter((m) => m.conversationId === action.id);
      const oldest = own.reduce((min, m) => Math.min(min, m.seq), Number.POSITIVE_INFINITY);
      const floor = own.length === 0 ? 0 : oldest - 1;
      return {
        ...state,
        phase: 'ready',
        conversation: newer(state.conversation, action.conversation),
        contact: action.contact,
        messages: mergeMessages(state.messages, own),
        activity: mergeActivity(state.activity, action.activity ?? []),
        floor: state.conversation === null ? floor : Math.min(state.floor, floor),
        error: null,
      };
    }
    case 'failed':
      if (action.id !== state.id) return state;
      // A failed re-open (after a reconnect) keeps what is already shown.
      return { ...state, phase: state.conversation ? 'ready' : 'error', error: action.error };
    case 'messages': {
      if (action.id !== state.id) return state;
      const messages = mergeMessages(
        state.messages,
        action.messages.filter((m) => m.conversationId === action.id),
      );
      return messages === state.messages ? state : { ...state, messages };
    }
    case 'activity': {
      if (action.activity.conversationId !== state.id) return state;
      const activity = mergeActivity(state.activity, [action.activity]);
      return activity === state.activity ? state : { ...state, activity };
    }
    case 'conversation': {
      if (action.conversation.id !== state.id || !state.conversation) return state;
      const conversation = newer(state.conversation, action.conversation);
      return conversation === state.conversation ? state : { ...state, conversation };
    }
  }
}

/** What the open ticket fetches to catch up; see `catchUp`. */
export interface CatchUp {
  /** Open it again: the conversation (status, assignee...), the contact and the live room may all be stale. */
  conversationId: string;
  /** `agent:sync` after this seq (the last one shown without a hole), or null when no timeline is shown yet. */
  afterSeq: number | null;
}

/**
 * After a reconnect or a `resync` push (the server may have failed to deliver events): what to fetch for the
 * selected ticket, or null when none is selected. The sync asks for exactly what was missed, whatever the size
 * of the page a re-open answers; the re-open refreshes everything else.
 */
export function catchUp(state: TicketState, selected: string | null): CatchUp | null {
  if (selected === null) return null;
  const shown = state.id === selected && state.phase === 'ready' && state.conversation !== null;
  return { conversationId: selected, afterSeq: shown ? contiguousEnd(state.messages, state.floor) : null };
}
