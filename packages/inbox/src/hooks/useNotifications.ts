/**
 * Notifications for the signed-in agent: mentions (loaded, then pushed), tickets of theirs that moved while they were
 * elsewhere; the count in the page title; a short sound and a desktop notification for each new item when their
 * preferences say so (desktop ones only while the page is hidden). Also tells the server how far the agent has seen
 * the ticket on screen (read marks).
 */
import { useCallback, useEffect, useReducer, useRef } from 'preact/hooks';
import type { Socket } from 'socket.io-client';
import { AGENT_EVENTS, SERVER_EVENTS } from '@parley/protocol/events';
import type { AgentSelf, Conversation } from '@parley/protocol/model';
import { request as rest } from '../api.ts';
import { readPref, writePref } from '../prefs.ts';
import { listen, onCatchUp } from '../socket.ts';
import { conversationOf, conversationsOf } from '../state/guards.ts';
import { mentionOf, mentionsOf } from '../state/mention-guard.ts';
import { noticeOf, noticesOf } from '../state/notice-guard.ts';
import {
  initialNotifications,
  notificationCount,
  notificationsReducer,
  unreadMentions,
  type NotificationState,
} from '../state/notifications.ts';
import { useI18n } from './useI18n.ts';
import { beep } from '../notify/beep.ts';
import { showDesktopNotification } from '../notify/desktop.ts';

export interface Notifications {
  state: NotificationState;
  count: number;
  markMentionsSeen: () => void;
  dismiss: (conversationId: string) => void;
  clear: () => void;
}

const seenKey = (agentId: string) => `parley.inbox.mentionsSeen.${agentId}`;
/** Transfers and escalations up to this moment were seen (the list was opened): a reload does not list them again. */
const noticesSeenKey = (agentId: string) => `parley.inbox.noticesSeen.${agentId}`;

export function useNotifications(
  socket: Socket,
  agent: AgentSelf,
  viewing: { id: string | null; conversation: Conversation | null },
  listed: readonly Conversation[],
  routing: boolean,
): Notifications {
  const { t } = useI18n();
  const [state, dispatch] = useReducer(notificationsReducer, agent.id, (id) =>
    initialNotifications(id, readPref(seenKey(id)) ?? new Date(0).toISOString()),
  );
  const routingRef = useRef(routing);
  routingRef.current = routing;

  useEffect(() => dispatch({ type: 'seed', conversations: listed }), [listed]);

  useEffect(() => {
    const load = async () => {
      const answer = await rest<{ mentions: unknown }>('GET', '/mentions');
      if (answer.ok) dispatch({ type: 'mentions', mentions: mentionsOf(answer.mentions) });
    };
    const loadNotices = async () => {
      const answer = await rest<{ notices: unknown }>('GET', '/notices');
      if (!answer.ok) return;
      const seen = readPref(noticesSeenKey(agent.id)) ?? '';
      for (const notice of noticesOf(answer.notices).reverse()) if (notice.at > seen) dispatch({ type: 'notice', notice });
    };
    void load();
    void loadNotices();
    const offs = [
      onCatchUp(socket, () => {
        void load();
        void loadNotices();
      }),
      listen(socket, SERVER_EVENTS.mention, (payload) => {
        const mention = mentionOf(payload);
        if (mention) dispatch({ type: 'mention', mention });
      }),
      listen(socket, SERVER_EVENTS.ticketNotice, (payload) => {
        const notice = noticeOf(payload);
        if (notice) dispatch({ type: 'notice', notice });
      }),
      listen(socket, SERVER_EVENTS.conversationCreated, (payload) => {
        const conversation = conversationOf(payload);
        if (conversation) dispatch({ type: 'created', conversation, routing: routingRef.current });
      }),
      listen(socket, SERVER_EVENTS.conversationsUpdated, (payload) => dispatch({ type: 'updated', conversations: conversationsOf(payload) })),
    ];
    return () => offs.forEach((off) => off());
  }, [socket]);

  // The ticket on screen (while the page is visible) needs no notification, and the server learns it was seen.
  useEffect(() => {
    const update = () => dispatch({ type: 'viewing', conversationId: document.visibilityState === 'visible' ? viewing.id : null });
    update();
    document.addEventListener('visibilitychange', update);
    return () => document.removeEventListener('visibilitychange', update);
  }, [viewing.id]);
  const seenSeq = viewing.conversation?.id === viewing.id ? viewing.conversation?.lastSeq : undefined;
  useEffect(() => {
    if (!viewing.id || seenSeq === undefined || state.viewing !== viewing.id) return;
    if (socket.connected) socket.emit(AGENT_EVENTS.read, { conversationId: viewing.id, seq: seenSeq }, () => undefined);
  }, [socket, viewing.id, seenSeq, state.viewing]);

  // Announce what is new since the last render: one sound, one desktop notification per item.
  const announced = useRef<Set<string>>(new Set());
  const first = useRef(true);
  const prefs = agent.preferences;
  useEffect(() => {
    const items = [
      ...unreadMentions(state).map((m) => ({ key: `m:${m.id}`, conversationId: m.conversationId, title: t('notify.mention', { number: String(m.number) }), body: m.excerpt })),
      ...state.tickets.map((a) => ({
        key: `t:${a.conversationId}:${a.reason}:${a.at}`,
        conversationId: a.conversationId,
        title: t(`notify.${a.reason}`, { number: String(a.number) }),
        body: a.note || a.preview,
      })),
    ];
    const fresh = items.filter((i) => !announced.current.has(i.key));
    for (const item of fresh) announced.current.add(item.key);
    // What was already there when the page opened is listed, not announced.
    if (first.current) {
      first.current = false;
      return;
    }
    if (fresh.length === 0) return;
    if (prefs.sound) beep();
    if (prefs.desktopNotifications && document.visibilityState === 'hidden') {
      for (const item of fresh.slice(0, 3)) showDesktopNotification(item.title, item.body, item.conversationId);
    }
  }, [state, prefs.sound, prefs.desktopNotifications, t]);

  const count = notificationCount(state);
  const { locale } = useI18n();
  useEffect(() => {
    const base = t('app.title');
    document.title = count > 0 ? `(${count}) ${base}` : base;
  }, [count, locale, t]);

  const markMentionsSeen = useCallback(() => {
    const at = new Date().toISOString();
    writePref(seenKey(agent.id), at);
    writePref(noticesSeenKey(agent.id), at);
    dispatch({ type: 'mentionsSeen', at });
  }, [agent.id]);
  const dismiss = useCallback((conversationId: string) => dispatch({ type: 'dismiss', conversationId }), []);
  const clear = useCallback(() => dispatch({ type: 'clear' }), []);
  return { state, count, markMentionsSeen, dismiss, clear };
}
