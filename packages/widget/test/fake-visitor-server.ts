import type { AttachmentRef, DeskAvailability, Failure, Message, VisitorConversation } from '@parley/protocol';
import { SessionRefusedError, type UploadFile, type UploadResult } from '../src/app/widget-api.ts';
import type { VisitorIdentity } from '../src/app/identity.ts';
import type {
  OpenTransport,
  ProfileAnswer,
  ProfileAnswers,
  ResumeAnswer,
  SendAnswer,
  SyncAnswer,
  TransportListener,
  VisitorFacts,
  VisitorTransport,
} from '../src/app/visitor-transport.ts';

/**
 * An in-memory stand-in for the server's `/visitor` namespace, following docs/API.md: idempotent on clientMsgId,
 * seq per conversation, notes never sent to the visitor. Tests drive connects, drops and refusals.
 */
export class FakeVisitorServer {
  readonly tokens = new Set<string>(['known-token']);
  readonly log: string[] = [];
  messages: Message[] = [];
  conversation: VisitorConversation | null = null;
  listener: TransportListener | null = null;
  connected = false;
  /** Answers the next `send` calls get instead of being stored (`'timeout'` rejects). */
  sendFailures: (Failure | 'timeout')[] = [];
  /** Every `visitor:message` received, in order (retries included). */
  readonly sent: { clientMsgId: string; text: string; attachmentIds: readonly string[]; fresh?: boolean; teamId?: string }[] = [];
  /** How far an agent has read (told on resume), whether one would answer, what the forms know of the visitor. */
  seenSeq = 0;
  availability: DeskAvailability | null = 'online';
  facts: VisitorFacts = { emailKnown: false, preChatDone: false };
  /** Every `visitor:profile` received; `profileRefusal` answers the next one instead. */
  readonly profiles: ProfileAnswers[] = [];
  profileRefusal: Failure | null = null;
  /** Every `visitor:typing` signal, in order (with `preview` only when one was sent). */
  readonly typings: { conversationId: string; typing: boolean; preview?: string }[] = [];
  /** Files uploaded through `api.uploadAttachment`; only these ids may be sent. */
  readonly uploads: AttachmentRef[] = [];
  /** Like the real server, resume and sync answer at most this many messages (then notes are filtered out). */
  pageSize = 500;
  /** When set, sessions asked with an identity are refused with this HTTP status (403 bad hash, 400 not configured). */
  refuseIdentity: 400 | 403 | null = null;
  private sessions = 0;

  readonly open: OpenTransport = (listener) => {
    this.listener = listener;
    const transport: VisitorTransport = {
      connect: (token) => {
        this.log.push(`connect ${token}`);
        if (!this.tokens.has(token)) return queueMicrotask(() => listener.unauthorized());
        queueMicrotask(() => this.connect());
      },
      resume: (afterSeq) => this.answer(() => this.resume(afterSeq), `resume ${afterSeq}`),
      send: (clientMsgId, text, attachmentIds, fresh, teamId) =>
        this.answer(() => this.send(clientMsgId, text, attachmentIds, fresh, teamId), `send ${clientMsgId}`),
      profile: (answers) => this.answer(() => this.profile(answers), `profile ${answers.form}`),
      list: () =>
        this.answer(
          () => ({
            ok: true as const,
            nextCursor: null,
            conversations: this.conversation
              ? [{ ...this.conversation, lastMessageAt: '2025-01-01T00:00:00.000Z', lastMessagePreview: this.messages.at(-1)?.text ?? '' }]
              : [],
          }),
          'list',
        ),
      typing: (conversationId, typing, preview) => {
        if (this.connected) this.typings.push(preview === undefined ? { conversationId, typing } : { conversationId, typing, preview });
      },
      connected: () => this.connected,
      reconnectNow: () => {
        this.log.push('reconnect now');
        if (!this.connected) queueMicrotask(() => this.connect());
      },
      sync: (conversationId, afterSeq) => this.answer(() => this.sync(conversationId, afterSeq), `sync ${afterSeq}`),
      close: () => {
        this.connected = false;
      },
    };
    return transport;
  };

  readonly api = {
    createSession: async (desk: string, identity?: VisitorIdentity | null): Promise<string> => {
      if (identity && this.refuseIdentity) {
        this.log.push(`session refused for ${identity.userId}`);
        throw new SessionRefusedError(this.refuseIdentity, 'identity: the token expired');
      }
      this.sessions += 1;
      const token = `token-${desk}-${this.sessions}`;
      this.tokens.add(token);
      this.log.push(identity ? `session ${token} for ${identity.userId}` : `session ${token}`);
      return token;
    },
    uploadAttachment: async (token: string, file: UploadFile): Promise<UploadResult> => {
      this.log.push(`upload ${file.name}`);
      if (!this.tokens.has(token)) return { ok: false, code: 'unauthorized' };
      const attachment: AttachmentRef = {
        id: `upload${this.uploads.length + 1}`,
        name: file.name,
        contentType: file.type || 'application/octet-stream',
        size: file.size,
      };
      this.uploads.push(attachment);
      return { ok: true, attachment };
    },
  };

  connect(): void {
    this.connected = true;
    this.listener?.connected();
  }

  drop(): void {
    this.connected = false;
    this.listener?.disconnected();
  }

  /** Store a message from the agent side (or a note) and push it to the visitor when `push`. */
  agentSays(text: string, options: { type?: 'agent' | 'note'; push?: boolean } = {}): Message {
    const message = this.store(`agent-${this.messages.length + 1}-xx`, text, options.type ?? 'agent');
    if (options.push !== false && message.type !== 'note') this.listener?.messageCreated(message);
    return message;
  }

  private answer<T>(handler: () => T, entry: string): Promise<T> {
    this.log.push(entry);
    if (!this.connected) return Promise.reject(new Error('socket has been disconnected'));
    return Promise.resolve().then(handler);
  }

  private resume(afterSeq: number): ResumeAnswer {
    return { ok: true, conversation: this.conversation, messages: this.page(afterSeq), seenSeq: this.seenSeq, availability: this.availability, ...this.facts };
  }

  private profile(answers: ProfileAnswers): ProfileAnswer {
    this.profiles.push(answers);
    const refusal = this.profileRefusal;
    this.profileRefusal = null;
    if (refusal) return refusal;
    this.facts = { emailKnown: this.facts.emailKnown || !!answers.email, preChatDone: this.facts.preChatDone || answers.form === 'prechat' };
    return { ok: true, ...this.facts };
  }

  private send(clientMsgId: string, text: string, attachmentIds: readonly string[], fresh?: boolean, teamId?: string): SendAnswer {
    this.sent.push({ clientMsgId, text, attachmentIds: [...attachmentIds], ...(fresh ? { fresh } : {}), ...(teamId ? { teamId } : {}) });
    const failure = this.sendFailures.shift();
    if (failure === 'timeout') throw new Error('operation has timed out');
    if (failure) return failure;
    const attachments = attachmentIds.map((id) => this.uploads.find((a) => a.id === id));
    if (!attachments.every((a) => a !== undefined)) {
      return { ok: false, error: { code: 'invalid_input', message: 'attachmentIds: no upload of yours has this id' } };
    }
    const existing = this.messages.find((m) => m.clientMsgId === clientMsgId);
    const message = existing ?? this.store(clientMsgId, text, 'visitor', attachments);
    if (!existing) this.listener?.messageCreated(message); // the echo to the visitor's own sockets
    return { ok: true, message, conversation: this.conversation as VisitorConversation };
  }

  private sync(conversationId: string, afterSeq: number): SyncAnswer {
    if (conversationId !== this.conversation?.id) return { ok: false, error: { code: 'not_found', message: 'no' } };
    return { ok: true, messages: this.page(afterSeq) };
  }

  private page(afterSeq: number): Message[] {
    return this.messages
      .filter((m) => m.seq > afterSeq)
      .slice(0, this.pageSize)
      .filter((m) => m.type !== 'note');
  }

  private store(clientMsgId: string, text: string, type: Message['type'], attachments: AttachmentRef[] = []): Message {
    this.conversation ??= { id: 'conv1', number: 1, status: 'open', lastSeq: 0, createdAt: '2025-01-01T00:00:00.000Z' };
    const seq = this.conversation.lastSeq + 1;
    this.conversation = { ...this.conversation, lastSeq: seq };
    const message: Message = {
      id: `msg${seq}`,
      conversationId: this.conversation.id,
      seq,
      clientMsgId,
      type,
      authorId: type === 'visitor' ? null : 'agent-1',
      authorName: type === 'visitor' ? null : 'Mina',
      text,
      attachments,
      createdAt: new Date(Date.UTC(2025, 0, 1, 0, 0, seq)).toISOString(),
    };
    this.messages.push(message);
    return message;
  }
}
