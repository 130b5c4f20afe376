/**
 * The open ticket: `agent:open` on selection, `agent:close` when leaving it, live `message.created` /
 * `conversation.updated`, gap filling with `agent:sync`, and the two writes (update, send). After every reconnect
 * and every `resync` push it catches up: re-open, plus `agent:sync` after the last seq shown (state/ticket.ts).
 */
import { useCallback, useEffect, useReducer, useRef } from 'preact/hooks';
import type { Socket } from 'socket.io-client';
import type { Failure } from '@parley/protocol/errors';
import { AGENT_EVENTS, SERVER_EVENTS } from '@parley/protocol/events';
import type { Conversation } from '@parley/protocol/model';
import { listen, onCatchUp, request, type AgentRequests, type Answer } from '../socket.ts';
import { sendUntilAnswered } from '../resend.ts';
import { messagePayload, type Draft, type DraftSeen, type ReadyDraft } from '../state/drafts.ts';
import { conversationsOf, messageOf, missedMessages } from '../state/guards.ts';
import { activityOf } from '../state/activity-guard.ts';
import { catchUp, emptyTicket, ticketReducer, type TicketState } from '../state/ticket.ts';
import { newestSeq, syncFrom } from '../state/timeline.ts';

/** Wait this long before filling a gap: the missing `message.created` is often just behind. */
export const SYNC_DELAY_MS = 250;

export type TicketPatch = Omit<AgentRequests[typeof AGENT_EVENTS.update]['payload'], 'conversationId' | 'version'>;
export type TransferRequest = Omit<AgentRequests[typeof AGENT_EVENTS.transfer]['payload'], 'conversationId' | 'version'>;

export interface Ticket {
  state: TicketState;
  update: (patch: TicketPatch) => Promise<Answer<typeof AGENT_EVENTS.update>>;
  /** Transfer (team and/or agent, with a note) or escalate (priority up one level), as one change each. */
  transfer: (transfer: TransferRequest) => Promise<Answer<typeof AGENT_EVENTS.transfer>>;
  escalate: (reason: string) => Promise<Answer<typeof AGENT_EVENTS.escalate>>;
  send: (draft: ReadyDraft, force: boolean) => Promise<Answer<typeof AGENT_EVENTS.send>>;
  /** The open ticket as the agent sees it now (what a draft started now answers), or null. */
  view: () => DraftSeen | null;
  /** The server's copy of this agent's draft on a ticket (kept across devices). */
  saveDraft: (conversationId: string, draft: Draft) => Promise<void>;
  loadDraft: (conversationId: string) => Promise<Draft | null>;
}

const notOpen: Failure = { ok: false, error: { code: 'not_found', message: 'No ticket is open.' } };

export function useTicket(socket: Socket, id: string | null, onConversation: (c: Conversation) => void): Ticket {
  const [state, dispatch] = useReducer(ticketReducer, emptyTicket);
  const current = useRef(state);
  current.current = state;
  const selected = useRef(id);
  selected.current = id;
  const learned = useRef(onConversation);
  learned.current = onConversation;

  const open = useCallback(
    async (conversationId: string) => {
      if (!socket.connected) return; // the catch-up (`connect`) listener opens it
      const answer = await request(socket, AGENT_EVENTS.open, { conversationId });
      if (answer.ok) {
        const { conversation, contact, messages, activity } = answer;
        dispatch({ type: 'opened', id: conversationId, conversation, contact: contact ?? null, messages, activity });
      } else {
        dispatch({ type: 'failed', id: conversationId, error: answer.error });
      }
    },
    [socket],
  );

  const sync = useCallback(
    async (conversationId: string, afterSeq: number) => {
      const answer = await request(socket, AGENT_EVENTS.sync, { conversationId, afterSeq });
      if (answer.ok) dispatch({ type: 'messages', id: conversationId, messages: answer.messages });
    },
    [socket],
  );

  // Selection: open the ticket (live messages start), close the one left behind.
  useEffect(() => {
    dispatch({ type: 'select', id });
    if (id === null) return;
    void open(id);
    return () => {
      if (socket.connected) void request(socket, AGENT_EVENTS.close, { conversationId: id });
    };
  }, [socket, id, open]);

  // Server pushes, and a catch-up after every reconnect (rooms are per connection) or `resync` push.
  useEffect(() => {
    const offs = [
      onCatchUp(socket, () => {
        const plan = catchUp(current.current, selected.current);
        if (!plan) return;
        void open(plan.conversationId);
        if (plan.afterSeq !== null) void sync(plan.conversationId, plan.afterSeq);
      }),
      listen(socket, SERVER_EVENTS.messageCreated, (payload) => {
        const message = messageOf(payload);
        if (message && message.conversationId === selected.current) {
          dispatch({ type: 'messages', id: message.conversationId, messages: [message] });
        }
      }),
      listen(socket, SERVER_EVENTS.ticketActivity, (payload) => {
        const activity = activityOf(payload);
        if (activity) dispatch({ type: 'activity', activity });
      }),
      listen(socket, SERVER_EVENTS.conversationsUpdated, (payload) => {
        for (const conversation of conversationsOf(payload)) {
          if (conversation.id === selected.current) dispatch({ type: 'conversation', conversation });
        }
      }),
    ];
    return () => {
      for (const off of offs) off();
    };
  }, [socket, open, sync]);

  // Gap filling: whenever the timeline has a hole or is behind the ticket's lastSeq.
  const gapFrom =
    state.phase === 'ready' && state.conversation
      ? syncFrom(state.messages, state.conversation.lastSeq, state.floor)
      : null;
  const ticketId = state.id;
  useEffect(() => {
    if (gapFrom === null || ticketId === null) return;
    const timer = setTimeout(() => void sync(ticketId, gapFrom), SYNC_DELAY_MS);
    return () => clearTimeout(timer);
  }, [sync, ticketId, gapFrom]);

  const update = useCallback(
    async (patch: TicketPatch) => {
      const conversation = current.current.conversation;
      if (!conversation) return notOpen;
      const answer = await request(socket, AGENT_EVENTS.update, {
        ...patch,
        conversationId: conversation.id,
        version: conversation.version,
      });
      if (answer.ok) {
        dispatch({ type: 'conversation', conversation: answer.conversation });
        learned.current(answer.conversation);
      } else if (answer.error.code === 'conflict') {
        await open(conversation.id); // someone else changed it: show the current ticket
      }
      return answer;
    },
    [socket, open],
  );

  // Transfer and escalate answer like an update: the ticket as it now is, or `conflict` (then it is shown afresh).
  const settle = useCallback(
    async (conversationId: string, answer: Answer<typeof AGENT_EVENTS.transfer>) => {
      if (answer.ok) {
        dispatch({ type: 'conversation', conversation: answer.conversation });
        learned.current(answer.conversation);
      } else if (answer.error.code === 'conflict') {
        await open(conversationId);
      }
      return answer;
    },
    [open],
  );
  const transfer = useCallback(
    async (t: TransferRequest) => {
      const conversation = current.current.conversation;
      if (!conversation) return notOpen;
      return settle(conversation.id, await request(socket, AGENT_EVENTS.transfer, { ...t, conversationId: conversation.id, version: conversation.version }));
    },
    [socket, settle],
  );
  const escalate = useCallback(
    async (reason: string) => {
      const conversation = current.current.conversation;
      if (!conversation) return notOpen;
      return settle(conversation.id, await request(socket, AGENT_EVENTS.escalate, { reason, conversationId: conversation.id, version: conversation.version }));
    },
    [socket, settle],
  );

  const send = useCallback(
    async (draft: ReadyDraft, force: boolean) => {
      const { conversation, messages } = current.current;
      if (!conversation) return notOpen;
      // The guard compares with the ticket as it was when the agent started writing, not as it is drawn now.
      const seen = draft.seen;
      // Repeated with the same clientMsgId until the connection answers: a lost acknowledgement is not "not sent".
      const answer = await sendUntilAnswered(socket, {
        conversationId: conversation.id,
        ...messagePayload(draft),
        lastSeenSeq: seen?.seq ?? newestSeq(messages),
        ...(seen ? { seenTicket: { assigneeId: seen.assigneeId, status: seen.status } } : {}),
        ...(force ? { force: true } : {}),
      });
      if (answer.ok) {
        dispatch({ type: 'messages', id: conversation.id, messages: [answer.message] });
        dispatch({ type: 'conversation', conversation: answer.conversation });
        learned.current(answer.conversation);
      } else if (answer.error.code === 'stale_ticket') {
        dispatch({ type: 'messages', id: conversation.id, messages: missedMessages(answer.error.details) });
      }
      return answer;
    },
    [socket],
  );

  const view = useCallback((): DraftSeen | null => {
    const { conversation, messages } = current.current;
    if (!conversation) return null;
    return { seq: Math.max(newestSeq(messages), 0), assigneeId: conversation.assigneeId, status: conversation.status };
  }, []);

  const saveDraft = useCallback(
    async (conversationId: string, draft: Draft) => {
      const seen = draft.seen ?? view();
      if (!seen) return;
      const kind = draft.type === 'note' ? 'note' : 'reply';
      const other = kind === 'note' ? 'reply' : 'note';
      const ticket = { assigneeId: seen.assigneeId, status: seen.status };
      await request(socket, AGENT_EVENTS.draftSave, { conversationId, kind, text: draft.text, seenSeq: seen.seq, seenTicket: ticket });
      // one draft per ticket in the inbox: switching between reply and note moves it
      await request(socket, AGENT_EVENTS.draftSave, { conversationId, kind: other, text: '', seenSeq: seen.seq, seenTicket: ticket });
    },
    [socket, view],
  );

  const loadDraft = useCallback(
    async (conversationId: string): Promise<Draft | null> => {
      const answer = await request(socket, AGENT_EVENTS.drafts, { conversationId });
      const found = answer.ok ? answer.drafts[0] : undefined;
      if (!found || found.text.trim() === '') return null;
      return {
        text: found.text,
        type: found.kind === 'note' ? 'note' : 'agent',
        seen: { seq: found.seenSeq, assigneeId: found.seenTicket.assigneeId, status: found.seenTicket.status },
      };
    },
    [socket],
  );

  return { state, update, transfer, escalate, send, view, saveDraft, loadDraft };
}
