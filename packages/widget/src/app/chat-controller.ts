import type { AttachmentRef, ConversationStatus, DeskAvailability, DeskPublicConfig, Message, VisitorConversationSummary } from '@parley/protocol';
import type { ChatStore } from './chat-store.ts';
import type { UploadFile, UploadResult, WidgetApi } from './widget-api.ts';
import { SessionRefusedError } from './widget-api.ts';
import { ownerOf, profileOf, type VisitorIdentity } from './identity.ts';
import type { OpenTransport, ProfileAnswer, ProfileAnswers, SendAnswer, VisitorFacts } from './visitor-transport.ts';
import { newClientMsgId } from './client-msg-id.ts';
import { createTypingSignal } from './typing-signal.ts';
import { MAX_ATTACHMENTS_PER_MESSAGE, MAX_MESSAGE_LENGTH } from './limits.ts';
import {
  addPending,
  applyBatch,
  emptyTimeline,
  gapAfter,
  hasMessage,
  markPendingFailed,
  markPendingSending,
  noteConversationSeq,
  removePending,
  type MessageBatch,
  type Timeline,
} from './timeline.ts';

/** `offline`: the browser says there is no network (messages wait in the outbox until it is back). */
export type ConnectionState = 'connecting' | 'online' | 'reconnecting' | 'unavailable' | 'offline';

/** A past conversation opened from the list, read only (the current one is `timeline`). */
export interface ViewedConversation {
  summary: VisitorConversationSummary;
  messages: readonly Message[];
  loading: boolean;
}

export interface ChatState extends VisitorFacts {
  timeline: Timeline;
  connection: ConnectionState;
  /** Status of the timeline's conversation (null before there is one). */
  status: ConversationStatus | null;
  /** "New conversation" was asked for: the next messages start one (the timeline still holds the old). */
  fresh: boolean;
  /** An agent has read the timeline's conversation up to this seq. */
  seenSeq: number;
  /** Who is writing a reply now ('' when the name is unknown), null when nobody. */
  typing: string | null;
  /** The visitor's place in line for the timeline's conversation (null: not waiting). */
  queue: number | null;
  /** The desk's look and greeting as pushed live (null until a push). */
  desk: DeskPublicConfig | null;
  /** Whether an agent would answer now (null until the server said). */
  availability: DeskAvailability | null;
  /** The visitor's conversations (null until asked for), `more` when another page exists. */
  list: { conversations: readonly VisitorConversationSummary[]; more: boolean; loading: boolean } | null;
  viewing: ViewedConversation | null;
}

export interface ChatController {
  getState(): ChatState;
  subscribe(listener: () => void): () => void;
  start(): void;
  /**
   * Queue a message with files already uploaded by `upload`; `false` when there is neither text nor a file, the
   * text is too long or there are too many files.
   */
  send(text: string, attachments?: readonly AttachmentRef[]): boolean;
  /** Upload a file with the visitor's token (waiting for the first session's; `network` without one). Never throws. */
  upload(file: UploadFile, signal?: AbortSignal): Promise<UploadResult>;
  retry(clientMsgId: string): void;
  discard(clientMsgId: string): void;
  /** The next message starts a new conversation (a resolved one is closed by it; see the server's VisitorSend). */
  newConversation(): void;
  /** Load the list of conversations (first page, or the next one with `more`). */
  loadConversations(more?: boolean): void;
  /** Show one conversation: the current one (back to the chat) or a past one, read only; null closes the past one. */
  openConversation(id: string | null): void;
  /**
   * A form's answers (`visitor:profile`); a pre-chat team choice goes with the messages until one starts the ticket.
   * Never throws: no connection answers `unavailable`.
   */
  profile(answers: ProfileAnswers): Promise<ProfileAnswer>;
  /**
   * The composer's text changed (typing signal to agents, at most one per TYPING_EVERY_MS); `preview`: the desk shows
   * agents the visitor's draft (typingPreview), which then goes with the signal (see typing-signal.ts).
   */
  typing(text: string, preview?: boolean): void;
  /** The browser's `online` / `offline` events. */
  setNetwork(online: boolean): void;
  stop(): void;
}

export interface ChatControllerOptions {
  desk: string;
  store: ChatStore;
  api: Pick<WidgetApi, 'createSession' | 'uploadAttachment'>;
  openTransport: OpenTransport;
  /**
   * The site's verified visitor (`null`/absent: anonymous). A stored token issued for another `userId` is dropped
   * with the outbox, and the new session is created with this identity.
   */
  identity?: VisitorIdentity | null;
  /** Where the site owner is told that the identity was refused (default `console.warn`). */
  warn?: (message: string) => void;
  newId?: () => string;
  /** An agent message the visitor had not seen arrived (not called for the history loaded at start). */
  onAgentMessage?: (message: Message) => void;
  /** Wait before attempt `n` (1, 2, ...) of something that failed. */
  retryDelay?: (attempt: number) => number;
}

/** The agent's typing indicator ends this long after its last signal (the visitor's: typing-signal.ts). */
export { TYPING_EVERY_MS } from './typing-signal.ts';
export const TYPING_SHOWN_MS = 6000;
/** A past conversation is read in at most this many pages. */
const VIEW_PAGES = 20;
/** How long an upload waits for the visitor's first token (the session is being created: slow network or server). */
const TOKEN_WAIT_MS = 15_000;

const defaultRetryDelay = (attempt: number): number => Math.min(30_000, 1_000 * 2 ** Math.min(attempt - 1, 5));

/**
 * The visitor's side of one desk, without any UI: obtains a visitor token, keeps the socket resumed and
 * gap-free, and delivers typed messages exactly once (same `clientMsgId` on every retry, outbox kept across reloads).
 */
export function createChatController(options: ChatControllerOptions): ChatController {
  const { desk, store, api } = options;
  const newId = options.newId ?? (() => newClientMsgId());
  const retryDelay = options.retryDelay ?? defaultRetryDelay;
  const warn = options.warn ?? ((message: string) => console.warn(message));
  // The token must belong to the current identity: anonymous → identified, A → B, identified → logged out all
  // start over, and the unsent messages (the other visitor's) go with the token.
  const owner = ownerOf(options.identity);
  const stored = store.readToken();
  if (stored && stored.userId !== owner) {
    store.clearToken();
    store.writeOutbox([]);
  }
  let identity = options.identity ?? null; // becomes null once the server refused it
  let fallbackToken: string | null = null; // the anonymous token kept from an earlier refusal of this identity
  const listeners = new Set<() => void>();
  const inFlight = new Set<string>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const initialPending = store.readOutbox().map((e) => ({ ...e, status: 'sending' as const, error: null }));
  let state: ChatState = {
    timeline: emptyTimeline(initialPending),
    connection: 'connecting',
    status: null,
    fresh: false,
    seenSeq: 0,
    typing: null,
    queue: null,
    desk: null,
    availability: null,
    emailKnown: false,
    preChatDone: false,
    list: null,
    viewing: null,
  };
  let teamId: string | undefined; // chosen in the pre-chat form
  let networkOff = false;
  let flushing = false;
  let flushAgain = false;
  // The visitor's typing, to the conversation shown (while online), with the draft only when the desk shows it.
  const typingSignal = createTypingSignal((typing, preview) => {
    const id = state.timeline.conversationId;
    if (id !== null && !state.fresh && online) transport.typing(id, typing, preview);
  });
  let typingTimer: ReturnType<typeof setTimeout> | undefined;
  let listCursor: string | null = null;
  let token: string | null = null;
  /** Uploads picked before the first session answered (a new visitor attaching at once) wait for its token. */
  const tokenWaiters = new Set<() => void>();
  let online = false;
  let stopped = false;
  let historyLoaded = false;
  let renewedSession = false;
  let syncing = false;
  let failures = 0;

  const transport = options.openTransport({
    connected() {
      if (networkOff) return; // the browser says offline: wait for its `online`
      online = true;
      renewedSession = false;
      failures = 0;
      setConnection('online');
      void resume();
    },
    disconnected() {
      online = false;
      if (state.connection !== 'unavailable' && !networkOff) setConnection(historyLoaded ? 'reconnecting' : 'connecting');
    },
    unauthorized() {
      online = false;
      store.clearToken();
      token = null;
      if (renewedSession) return setConnection('unavailable');
      renewedSession = true;
      void obtainSession();
    },
    refused() {
      online = false;
      setConnection(historyLoaded ? 'reconnecting' : 'connecting');
      later(() => token && connect(token), retryDelay(++failures));
    },
    resync() {
      // Same as after a reconnect: fetch everything after the newest seq shown, then resend what is unacknowledged.
      if (online) void resume();
    },
    messageCreated(message) {
      receive({ conversationId: message.conversationId, messages: [message], afterSeq: message.seq - 1 });
    },
    conversationUpdated(conversation) {
      update((t) => noteConversationSeq(t, conversation.id, conversation.lastSeq));
      if (conversation.id === state.timeline.conversationId) patch({ status: conversation.status });
      void fillGap();
    },
    seen(conversationId, seq) {
      if (conversationId === state.timeline.conversationId && seq > state.seenSeq) patch({ seenSeq: seq });
    },
    agentTyping(conversationId, name, typing) {
      if (conversationId !== state.timeline.conversationId) return;
      clearTimeout(typingTimer);
      if (typing) typingTimer = setTimeout(() => patch({ typing: null }), TYPING_SHOWN_MS);
      patch({ typing: typing ? name : null });
    },
    queue(conversationId, position) {
      if (conversationId === state.timeline.conversationId || state.timeline.conversationId === null) patch({ queue: position });
    },
    deskConfig(desk) {
      patch({ desk });
    },
    availability(availability) {
      patch({ availability });
    },
  });

  function patch(change: Partial<ChatState>): void {
    state = { ...state, ...change };
    emit();
  }

  function later(action: () => unknown, ms: number): void {
    if (stopped) return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!stopped) action();
    }, ms);
    timers.add(timer);
  }

  function emit(): void {
    for (const listener of listeners) listener();
  }

  function setConnection(connection: ConnectionState): void {
    if (state.connection === connection) return;
    state = { ...state, connection };
    emit();
  }

  function update(change: (timeline: Timeline) => Timeline): void {
    const next = change(state.timeline);
    if (next === state.timeline) return;
    if (next.pending !== state.timeline.pending) store.writeOutbox(next.pending, state.timeline.pending);
    // Another conversation is shown now: what was said of the old one (seen, typing, line) no longer applies.
    const other = next.conversationId !== state.timeline.conversationId;
    state = other ? { ...state, timeline: next, seenSeq: 0, typing: null, queue: null, fresh: false } : { ...state, timeline: next };
    emit();
  }

  /** Merge server messages and report agent messages that are new to the visitor. */
  function receive(batch: MessageBatch): void {
    const before = state.timeline;
    update((t) => applyBatch(t, batch));
    if (state.typing !== null && batch.messages.some((m) => m.type === 'agent' && m.conversationId === state.timeline.conversationId)) {
      clearTimeout(typingTimer);
      patch({ typing: null });
    }
    if (historyLoaded && options.onAgentMessage) {
      for (const message of batch.messages) {
        if (message.type === 'agent' && !hasMessage(before, message) && hasMessage(state.timeline, message)) {
          options.onAgentMessage(message);
        }
      }
    }
    void fillGap();
  }

  function connect(withToken: string): void {
    transport.connect(withToken);
    for (const wake of [...tokenWaiters]) wake();
  }

  /** The token now, or once a session gives one; null after TOKEN_WAIT_MS, on abort, or when the chat stops. */
  function tokenSoon(signal?: AbortSignal): Promise<string | null> {
    if (token || stopped) return Promise.resolve(token);
    return new Promise((resolve) => {
      const done = (): void => {
        tokenWaiters.delete(done);
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve(token);
      };
      const timer = setTimeout(done, TOKEN_WAIT_MS);
      signal?.addEventListener('abort', done);
      tokenWaiters.add(done);
    });
  }

  async function obtainSession(): Promise<void> {
    if (stopped) return;
    try {
      token = await api.createSession(desk, identity);
    } catch (error) {
      if (identity && error instanceof SessionRefusedError && (error.status === 403 || error.status === 400)) {
        // Bad token or hash (403) or identity verification not configured (400): chat anonymously rather than not at all.
        warn(
          `[Parley] identity verification failed (HTTP ${error.status}${error.reason ? `: ${error.reason}` : ''}): check ` +
            'data-user-token (a JWT signed on your server with HS256 and the identity secret, with sub and a future exp); ' +
            'continuing anonymously',
        );
        identity = null;
        if (!fallbackToken) return obtainSession();
        token = fallbackToken; // refused again: keep the anonymous conversation instead of starting one more
        return connect(token);
      }
      if (error instanceof SessionRefusedError && error.permanent) return setConnection('unavailable');
      // The browser says offline (the chat opened offline): it keeps saying so, and retries at the first step's pace
      // (a fetch that fails at once), so that the chat connects within a second of the network's return.
      if (!networkOff) setConnection(historyLoaded ? 'reconnecting' : 'connecting');
      return later(obtainSession, retryDelay(networkOff ? 1 : ++failures));
    }
    if (stopped) return;
    // A fallback token is kept under the page's identity, marked: the next start tries the identity again (the site
    // may have fixed its hash) and reuses this token if refused again, rather than creating a visitor per page view.
    store.writeToken(token, owner, owner !== null && identity === null, profileOf(identity));
    connect(token);
  }

  /**
   * The site now signs another name or e-mail for the user of the stored token: a new session tells the server (the
   * same contact and conversation; the outbox stays). Best effort: refused or unreachable, the stored token is used.
   */
  async function refreshProfile(saved: string): Promise<void> {
    try {
      token = await api.createSession(desk, identity);
      store.writeToken(token, owner, false, profileOf(identity));
    } catch {
      token = saved; // tried again on the next start
    }
    if (!stopped) connect(token);
  }

  /** A past conversation, read page by page (read only: nothing is sent to it). */
  async function readConversation(summary: VisitorConversationSummary): Promise<void> {
    const messages: Message[] = [];
    for (let page = 0, after = 0; page < VIEW_PAGES; page++) {
      let answer;
      try {
        answer = await transport.sync(summary.id, after);
      } catch {
        break;
      }
      if (!answer.ok || answer.messages.length === 0) break;
      messages.push(...answer.messages); // the server never sends notes to a visitor
      after = answer.messages[answer.messages.length - 1]!.seq;
      if (after >= summary.lastSeq) break;
    }
    if (state.viewing?.summary.id === summary.id) patch({ viewing: { summary, messages, loading: false } });
  }

  async function resume(): Promise<void> {
    const afterSeq = state.timeline.lastSeq;
    try {
      const answer = await transport.resume(afterSeq);
      if (!answer.ok) throw new Error(answer.error.code);
      const { availability, emailKnown, preChatDone } = answer;
      patch({ availability, emailKnown, preChatDone });
      if (answer.conversation) {
        const { id, lastSeq, status } = answer.conversation;
        const { messages } = answer;
        // An empty answer means nothing public up to lastSeq (notes only); a non-empty one may be a first page.
        receive({ conversationId: id, messages, afterSeq, latestSeq: lastSeq, throughSeq: messages.length ? undefined : lastSeq });
        // Seen survives a reload: the server says how far an agent has read.
        if (state.timeline.conversationId === id) patch({ status, seenSeq: Math.max(state.seenSeq, answer.seenSeq) });
      } else if (state.timeline.conversationId !== null && state.status !== 'closed') {
        patch({ status: 'closed' }); // no open conversation any more: the shown one was closed meanwhile
      }
      historyLoaded = true;
    } catch {
      if (online) later(resume, retryDelay(++failures)); // a reconnect resumes anyway
    }
    void flushOutbox();
  }

  /** Fill the hole below the newest message known to exist (`visitor:sync`), then look again. */
  async function fillGap(): Promise<void> {
    const afterSeq = gapAfter(state.timeline);
    const conversationId = state.timeline.conversationId;
    if (syncing || !online || afterSeq === null || conversationId === null) return;
    const throughSeq = state.timeline.latestSeq;
    syncing = true;
    try {
      const answer = await transport.sync(conversationId, afterSeq);
      syncing = false;
      if (!answer.ok || state.timeline.conversationId !== conversationId) return;
      // One page: when more is missing, receive() checks the gap again and asks from the page's end.
      const { messages } = answer;
      receive({ conversationId, messages, afterSeq, throughSeq: messages.length ? undefined : throughSeq });
    } catch {
      syncing = false; // no answer in time: the next event or reconnect tries again
    }
  }

  /** Sends what waits in the outbox one after the other, in the order it was typed (each after the last's answer). */
  async function flushOutbox(): Promise<void> {
    if (flushing) {
      flushAgain = true;
      return;
    }
    flushing = true;
    try {
      do {
        flushAgain = false;
        for (const pending of state.timeline.pending) {
          if (pending.status === 'sending' && online) await deliver(pending.clientMsgId);
        }
      } while (flushAgain && online);
    } finally {
      flushing = false;
    }
  }

  async function deliver(clientMsgId: string): Promise<void> {
    const pending = state.timeline.pending.find((p) => p.clientMsgId === clientMsgId);
    if (!online || !pending || inFlight.has(clientMsgId)) return; // sent on (re)connect
    inFlight.add(clientMsgId);
    let answer: SendAnswer | undefined;
    try {
      answer = await transport.send(clientMsgId, pending.text, pending.attachments.map((a) => a.id), pending.fresh, teamId);
    } catch {
      // timed out while connected
    }
    inFlight.delete(clientMsgId);
    if (answer?.ok) {
      const { message } = answer;
      teamId = undefined; // the ticket exists now, in its team
      receive({ conversationId: message.conversationId, messages: [message], afterSeq: message.seq - 1 });
      update((t) => removePending(t, clientMsgId));
      if (state.timeline.conversationId === message.conversationId) patch({ status: answer.conversation.status, fresh: false });
    } else if (answer && answer.error.code !== 'unavailable') {
      update((t) => markPendingFailed(t, clientMsgId, answer.error));
    } else if (online) {
      // No answer, or the server could not store it (its database is down): nothing the visitor can fix, so it stays
      // "Sending…" and goes again with the same clientMsgId.
      later(() => deliver(clientMsgId), retryDelay(1));
    }
  }

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    start() {
      const saved = store.readToken();
      if (saved && saved.fallback && identity) {
        fallbackToken = saved.token;
        void obtainSession();
      } else if (saved && identity && (saved.profile ?? '') !== profileOf(identity)) {
        void refreshProfile(saved.token);
      } else if (saved) {
        token = saved.token;
        connect(token);
      } else void obtainSession();
    },
    send(text, attachments = []) {
      const trimmed = text.trim();
      if (trimmed.length > MAX_MESSAGE_LENGTH || attachments.length > MAX_ATTACHMENTS_PER_MESSAGE) return false;
      if (trimmed === '' && attachments.length === 0) return false;
      const clientMsgId = newId();
      update((t) => addPending(t, clientMsgId, trimmed, [...attachments], state.fresh || state.status === 'closed'));
      typingSignal.reset(); // the message itself ends the agents' indicator
      void flushOutbox();
      return true;
    },
    async upload(file, signal) {
      const ready = await tokenSoon(signal);
      if (!ready) return { ok: false, code: 'network' };
      return api.uploadAttachment(ready, file, signal);
    },
    retry(clientMsgId) {
      update((t) => markPendingSending(t, clientMsgId));
      void flushOutbox();
    },
    newConversation() {
      patch({ fresh: true, viewing: null, list: null });
    },
    loadConversations(more = false) {
      if (!online || state.list?.loading) return;
      const before = more && state.list ? state.list.conversations : [];
      patch({ list: { conversations: before, more: false, loading: true } });
      const done = (rows: readonly VisitorConversationSummary[], next: string | null) => {
        listCursor = next;
        patch({ list: { conversations: [...before, ...rows.filter((c) => !before.some((b) => b.id === c.id))], more: next !== null, loading: false } });
      };
      transport.list(more ? listCursor : null).then(
        (answer) => (answer.ok ? done(answer.conversations, answer.nextCursor) : done([], null)),
        () => done([], null),
      );
    },
    openConversation(id) {
      const summary = id === null ? undefined : state.list?.conversations.find((c) => c.id === id);
      if (!summary || id === state.timeline.conversationId) return patch({ viewing: null, list: id === null ? state.list : null, fresh: false });
      patch({ viewing: { summary, messages: [], loading: true } });
      void readConversation(summary);
    },
    async profile(answers) {
      try {
        const answer = await transport.profile(answers);
        if (answer.ok) {
          teamId = answers.teamId;
          patch({ emailKnown: answer.emailKnown, preChatDone: answer.preChatDone });
        }
        return answer;
      } catch {
        return { ok: false, error: { code: 'unavailable', message: 'no connection' } };
      }
    },
    typing(text, preview) {
      if (state.timeline.conversationId !== null && !state.fresh && online) typingSignal.input(text, preview === true);
    },
    setNetwork(up) {
      networkOff = !up;
      if (!up) {
        online = false;
        return setConnection('offline');
      }
      if (transport.connected()) {
        online = true;
        setConnection('online');
        void resume(); // catches up and sends the outbox, in order
      } else {
        setConnection(historyLoaded ? 'reconnecting' : 'connecting');
        if (token) transport.reconnectNow(); // else the session is still being asked for (it retries by itself)
      }
    },
    discard(clientMsgId) {
      update((t) => removePending(t, clientMsgId));
    },
    stop() {
      stopped = true;
      for (const wake of [...tokenWaiters]) wake();
      online = false;
      clearTimeout(typingTimer);
      typingSignal.reset();
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      transport.close();
    },
  };
}
