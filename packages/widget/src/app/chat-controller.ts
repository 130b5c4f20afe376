import type { AttachmentRef, Message } from '@parley/protocol';
import type { ChatStore } from './chat-store.ts';
import type { UploadFile, UploadResult, WidgetApi } from './widget-api.ts';
import { SessionRefusedError } from './widget-api.ts';
import { ownerOf, profileOf, type VisitorIdentity } from './identity.ts';
import type { OpenTransport, SendAnswer } from './visitor-transport.ts';
import { newClientMsgId } from './client-msg-id.ts';
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

export type ConnectionState = 'connecting' | 'online' | 'reconnecting' | 'unavailable';

export interface ChatState {
  timeline: Timeline;
  connection: ConnectionState;
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
  /** Upload a file with the visitor's token (`network` while there is no token yet). Never throws. */
  upload(file: UploadFile, signal?: AbortSignal): Promise<UploadResult>;
  retry(clientMsgId: string): void;
  discard(clientMsgId: string): void;
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
  let state: ChatState = { timeline: emptyTimeline(initialPending), connection: 'connecting' };
  let token: string | null = null;
  let online = false;
  let stopped = false;
  let historyLoaded = false;
  let renewedSession = false;
  let syncing = false;
  let failures = 0;

  const transport = options.openTransport({
    connected() {
      online = true;
      renewedSession = false;
      failures = 0;
      setConnection('online');
      void resume();
    },
    disconnected() {
      online = false;
      if (state.connection !== 'unavailable') setConnection(historyLoaded ? 'reconnecting' : 'connecting');
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
      later(() => token && transport.connect(token), retryDelay(++failures));
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
      void fillGap();
    },
  });

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
    if (next.pending !== state.timeline.pending) store.writeOutbox(next.pending);
    state = { ...state, timeline: next };
    emit();
  }

  /** Merge server messages and report agent messages that are new to the visitor. */
  function receive(batch: MessageBatch): void {
    const before = state.timeline;
    update((t) => applyBatch(t, batch));
    if (historyLoaded && options.onAgentMessage) {
      for (const message of batch.messages) {
        if (message.type === 'agent' && !hasMessage(before, message) && hasMessage(state.timeline, message)) {
          options.onAgentMessage(message);
        }
      }
    }
    void fillGap();
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
        return transport.connect(token);
      }
      if (error instanceof SessionRefusedError && error.permanent) return setConnection('unavailable');
      setConnection(historyLoaded ? 'reconnecting' : 'connecting');
      return later(obtainSession, retryDelay(++failures));
    }
    if (stopped) return;
    // A fallback token is kept under the page's identity, marked: the next start tries the identity again (the site
    // may have fixed its hash) and reuses this token if refused again, rather than creating a visitor per page view.
    store.writeToken(token, owner, owner !== null && identity === null, profileOf(identity));
    transport.connect(token);
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
    if (!stopped) transport.connect(token);
  }

  async function resume(): Promise<void> {
    const afterSeq = state.timeline.lastSeq;
    try {
      const answer = await transport.resume(afterSeq);
      if (!answer.ok) throw new Error(answer.error.code);
      if (answer.conversation) {
        const { id, lastSeq } = answer.conversation;
        const { messages } = answer;
        // An empty answer means nothing public up to lastSeq (notes only); a non-empty one may be a first page.
        receive({ conversationId: id, messages, afterSeq, latestSeq: lastSeq, throughSeq: messages.length ? undefined : lastSeq });
      }
      historyLoaded = true;
    } catch {
      if (online) later(resume, retryDelay(++failures)); // a reconnect resumes anyway
    }
    flushOutbox();
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

  function flushOutbox(): void {
    for (const pending of state.timeline.pending) {
      if (pending.status === 'sending') void deliver(pending.clientMsgId);
    }
  }

  async function deliver(clientMsgId: string): Promise<void> {
    const pending = state.timeline.pending.find((p) => p.clientMsgId === clientMsgId);
    if (!online || !pending || inFlight.has(clientMsgId)) return; // sent on (re)connect
    inFlight.add(clientMsgId);
    let answer: SendAnswer;
    try {
      answer = await transport.send(clientMsgId, pending.text, pending.attachments.map((a) => a.id));
    } catch {
      inFlight.delete(clientMsgId);
      if (online) later(() => deliver(clientMsgId), retryDelay(1)); // timed out while connected
      return;
    }
    inFlight.delete(clientMsgId);
    if (answer.ok) {
      const { message } = answer;
      receive({ conversationId: message.conversationId, messages: [message], afterSeq: message.seq - 1 });
      update((t) => removePending(t, clientMsgId));
    } else {
      update((t) => markPendingFailed(t, clientMsgId, answer.error));
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
        transport.connect(token);
      } else void obtainSession();
    },
    send(text, attachments = []) {
      const trimmed = text.trim();
      if (trimmed.length > MAX_MESSAGE_LENGTH || attachments.length > MAX_ATTACHMENTS_PER_MESSAGE) return false;
      if (trimmed === '' && attachments.length === 0) return false;
      const clientMsgId = newId();
      update((t) => addPending(t, clientMsgId, trimmed, [...attachments]));
      void deliver(clientMsgId);
      return true;
    },
    async upload(file, signal) {
      if (!token) return { ok: false, code: 'network' };
      return api.uploadAttachment(token, file, signal);
    },
    retry(clientMsgId) {
      update((t) => markPendingSending(t, clientMsgId));
      void deliver(clientMsgId);
    },
    discard(clientMsgId) {
      update((t) => removePending(t, clientMsgId));
    },
    stop() {
      stopped = true;
      online = false;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      transport.close();
    },
  };
}
