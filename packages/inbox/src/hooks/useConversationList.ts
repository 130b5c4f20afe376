/**
 * The ticket list of one view (queue tab, filters, search): its first page loaded with `agent:conversations` (again
 * after every reconnect and every `resync` push), further pages by cursor on demand, and kept live by
 * `conversation.created` / `conversations.updated`. Events that arrive while a load is in flight are replayed on top
 * of its answer, so a change made during the load is not lost. Each page also names its tickets' customers: they go
 * to `onContacts`.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { Socket } from 'socket.io-client';
import type { ErrorBody } from '@parley/protocol/errors';
import { AGENT_EVENTS, SERVER_EVENTS } from '@parley/protocol/events';
import type { ContactName, Conversation } from '@parley/protocol/model';
import { listen, onCatchUp, request } from '../socket.ts';
import { appendPage, applyToView, fromServer } from '../state/conversations.ts';
import { conversationOf, conversationsOf } from '../state/guards.ts';
import { listRequest, sameView, type ListView } from '../state/list-view.ts';

export const LIST_LIMIT = 100;
export const MORE_LIMIT = 200;

export interface ConversationListState {
  view: ListView;
  conversations: readonly Conversation[];
  phase: 'loading' | 'ready' | 'error';
  error: ErrorBody | null;
  /** Where the next page starts; null when everything is loaded. */
  nextCursor: string | null;
  loadingMore: boolean;
}

export interface ConversationList extends ConversationListState {
  /** Apply a conversation this client learned first (an ack), before its broadcast arrives. */
  apply: (conversation: Conversation) => void;
  reload: () => void;
  /** Fetch the next page (no-op while one is on its way or when there is none). */
  loadMore: () => void;
}

const initial = (view: ListView): ConversationListState => ({ view, conversations: [], phase: 'loading', error: null, nextCursor: null, loadingMore: false });

const ignoreContacts = (): void => undefined;

export function useConversationList(
  socket: Socket,
  view: ListView,
  agentId: string,
  onContacts: (contacts: readonly ContactName[]) => void = ignoreContacts,
): ConversationList {
  const [state, setState] = useState<ConversationListState>(() => initial(view));
  const contactsTo = useRef(onContacts);
  contactsTo.current = onContacts;
  const stateRef = useRef(state);
  stateRef.current = state;
  const loadToken = useRef(0);
  const pending = useRef<Conversation[] | null>(null);

  const apply = useCallback(
    (conversation: Conversation) => {
      pending.current?.push(conversation);
      setState((s) => ({ ...s, conversations: applyToView(s.conversations, conversation, s.view, agentId) }));
    },
    [agentId],
  );

  const load = useCallback(async () => {
    const token = ++loadToken.current;
    setState((s) => (sameView(s.view, view) ? { ...s, view, loadingMore: false } : initial(view)));
    // Not connected yet: the catch-up (`connect`) listener loads.
    if (!socket.connected) return;
    pending.current = [];
    const answer = await request(socket, AGENT_EVENTS.list, listRequest(view, LIST_LIMIT, null));
    if (token !== loadToken.current) return;
    const live = pending.current ?? [];
    pending.current = null;
    if (!answer.ok) {
      setState((s) => ({ ...s, phase: 'error', error: answer.error }));
      return;
    }
    contactsTo.current(answer.contacts ?? []);
    let conversations: readonly Conversation[] = fromServer(answer.conversations);
    for (const c of live) conversations = applyToView(conversations, c, view, agentId);
    setState({ view, conversations, phase: 'ready', error: null, nextCursor: answer.nextCursor, loadingMore: false });
  }, [socket, view, agentId]);

  const loadMore = useCallback(() => {
    const s = stateRef.current;
    if (s.phase !== 'ready' || s.loadingMore || s.nextCursor === null || !socket.connected) return;
    const token = loadToken.current;
    const cursor = s.nextCursor;
    setState((prev) => ({ ...prev, loadingMore: true }));
    void request(socket, AGENT_EVENTS.list, listRequest(s.view, MORE_LIMIT, cursor)).then((answer) => {
      if (token !== loadToken.current) return;
      if (!answer.ok) {
        setState((prev) => ({ ...prev, loadingMore: false, phase: 'error', error: answer.error }));
        return;
      }
      contactsTo.current(answer.contacts ?? []);
      setState((prev) => ({
        ...prev,
        conversations: appendPage(prev.conversations, answer.conversations),
        nextCursor: answer.nextCursor,
        loadingMore: false,
      }));
    });
  }, [socket]);

  useEffect(() => {
    void load();
    const onConversation = (payload: unknown) => {
      const conversation = conversationOf(payload);
      if (conversation) apply(conversation);
    };
    const offs = [
      onCatchUp(socket, () => void load()),
      listen(socket, SERVER_EVENTS.conversationCreated, onConversation),
      listen(socket, SERVER_EVENTS.conversationsUpdated, (payload) => conversationsOf(payload).forEach(apply)),
    ];
    return () => {
      for (const off of offs) off();
    };
  }, [socket, load, apply]);

  return { ...state, apply, reload: () => void load(), loadMore };
}
