/**
 * Seeds Parley's embedded SQLite store directly (prepared INSERTs in big transactions through a raw better-sqlite3
 * connection) with a realistic desk at scale, for bench/scale.ts. The schema is the server's own: the caller starts
 * Parley once on the empty DATA_DIR (migrations, desk 'default', first admin) and stops it; this then adds agents,
 * contacts, tickets, messages and their events exactly as the store writes them (columns: store/sqlite/migrations.ts,
 * values: store/sqlite/rows.ts, store/records.ts, domain/record-message.ts).
 *
 * Shape: one contact per ticket (20% identified), ticket numbers 1..N in creation order over two years, 1–40
 * messages per ticket (exponential-ish, mean = messages / tickets, total exact), texts of 20–300 characters (30%
 * Korean), 70% resolved/closed (mostly old), 20% open, 10% new/pending (mostly recent), the active ones assigned over
 * the admin and 4 agents (a 5th, part-time agent has a share of the closed tickets but only 10 active ones), events `conversation.created` + one `message.created` per message, the search index
 * of the messages (message_fts), and the fan-out cursor at the last event so that the outbox does not replay history at start.
 *
 * Deterministic: the same (tickets, messages, seed) gives the same rows, ids included.
 */
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { subjectFromText } from '../../packages/server/src/domain/subject.ts';
import { previewOfMessage } from '../../packages/server/src/lib/preview.ts';
import { openKeyFor } from '../../packages/server/src/store/records.ts';
import { SCHEMA_VERSION, type migrate } from '../../packages/server/src/store/sqlite/migrations.ts';
import { FTS_MAX_SEQ, FTS_SEQ_BITS } from '../../packages/server/src/store/sqlite/ticket-query.ts';
import { conversationToRow } from '../../packages/server/src/store/sqlite/rows.ts';
import type { ConversationRecord } from '../../packages/server/src/store/types.ts';

/** Bump when the generated data changes shape: cached seeds of another version are not reused. */
export const SEED_VERSION = 3;
export { SCHEMA_VERSION };

/** The better-sqlite3 connection type, as the server's own migrations take it (tests/ has no direct dependency). */
export type Database = Parameters<typeof migrate>[0];
type DatabaseConstructor = new (file: string, options?: { readonly?: boolean; fileMustExist?: boolean }) => Database;

/** better-sqlite3 as the server resolves it (same binary, same SQLite). */
export const BetterSqlite3 = createRequire(new URL('../../packages/server/package.json', import.meta.url))('better-sqlite3') as DatabaseConstructor;

/** An INSERT of one whole ticket row, as the store writes it (store/sqlite/rows.ts), for the step benchmarks' fixtures. */
export function ticketInserter(db: Database): (ticket: ConversationRecord) => void {
  const insert = db.prepare(
    `INSERT INTO conversations (id, desk_id, number, subject, status, priority, channel, contact_id, assignee_id, tags, last_seq,
     last_message_at, last_message_preview, created_at, updated_at, version, open_key, team_id, snoozed_until)
     VALUES (@id, @desk_id, @number, @subject, @status, @priority, @channel, @contact_id, @assignee_id, @tags, @last_seq,
     @last_message_at, @last_message_preview, @created_at, @updated_at, @version, @open_key, @team_id, @snoozed_until)`,
  );
  return (ticket) => insert.run(conversationToRow({ ...ticket, openKey: openKeyFor(ticket) }));
}

export const DESK_ID = 'default';
export const DATABASE_FILE = 'parley.sqlite';
export const MAX_MESSAGES_PER_TICKET = 40;
const EXTRA_AGENTS = 5;
/**
 * The last agent works part-time: a share of the old (resolved, closed) tickets like everyone, but only this many
 * active ones, so that their `mine` queue holds fewer rows than a list page; the common case for one agent.
 */
export const PART_TIMER_EMAIL = `agent${EXTRA_AGENTS}@scale.bench`;
export const PART_TIMER_ACTIVE = 10;
/** The newest ticket is created at this instant; the oldest two years before. */
const END_MS = Date.parse('2026-06-01T00:00:00.000Z');
const SPAN_MS = 2 * 365 * 24 * 3600_000;

export interface SeedOptions {
  tickets: number;
  messages: number;
  seed?: number;
  /** Progress lines (stderr in the bench). */
  log?: (line: string) => void;
}

export interface SeedResult {
  seconds: number;
  tickets: number;
  messages: number;
  contacts: number;
  events: number;
  agents: number;
  statuses: Record<string, number>;
  /** Active tickets (new/open/pending) per queue the bench lists. */
  unassignedActive: number;
  adminActive: number;
  partTimerActive: number;
  partTimerTickets: number;
  maxMessagesPerTicket: number;
}

// ── deterministic randomness ───────────────────────────────────────────────────

/** sfc32: small, fast, good enough for test data. */
export function prng(seed: number): () => number {
  let a = 0x9e3779b9 ^ seed;
  let b = 0x243f6a88 ^ (seed * 31);
  let c = 0xb7e15162;
  let d = 1;
  const next = () => {
    a |= 0; b |= 0; c |= 0; d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 20; i++) next();
  return next;
}

const NANOID_ALPHABET = 'useandom-26T198340PX75pxJACKVERYMINDBUSHWOLF_GQZbfghjklqvwyzrict';
const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function randomString(rand: () => number, alphabet: string, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += alphabet[Math.floor(rand() * 64)];
  return s;
}

// ── text ─────────────────────────────────────────────────────────────────────

const EN = (
  'hello hi thanks please order account invoice payment refund shipping delivery package tracking password login ' +
  'reset email address card charged twice subscription plan upgrade cancel help issue problem error page app ' +
  'mobile browser update still not working yesterday today week since could you check my the a is it and for with ' +
  'we have been looking into this will get back to you shortly sorry about the trouble can confirm fixed now'
).split(' ');
const KO = (
  '안녕하세요 감사합니다 주문 결제 환불 배송 택배 조회 비밀번호 로그인 계정 이메일 카드 두번 결제되었어요 구독 ' +
  '요금제 변경 취소 문의 문제 오류 페이지 앱 모바일 아직 안돼요 어제 오늘 확인 부탁드립니다 고객님 죄송합니다 ' +
  '불편을 드려 확인해 보겠습니다 잠시만 기다려 주세요 처리되었습니다 언제 도착하나요 주소 변경 가능한가요'
).split(' ');

function text(rand: () => number): string {
  const target = 20 + Math.floor(280 * rand() * rand()); // 20–300 characters, mostly short
  const words = rand() < 0.3 ? KO : EN;
  let s = words[Math.floor(rand() * words.length)]!;
  while (s.length < target) s += ' ' + words[Math.floor(rand() * words.length)]!;
  if (s.length > 300) s = s.slice(0, 300).trimEnd();
  return s.charAt(0).toUpperCase() + s.slice(1) + (rand() < 0.3 ? '?' : '.');
}

const NAMES = ['Kim Minji', 'Lee Jiho', 'Park Seoyeon', 'Alex Morgan', 'Sam Taylor', 'Jordan Lee', 'Chris Park', 'Dana Choi'];
const TAGS = ['billing', 'shipping', 'bug', 'vip', 'refund'];

/** 1..MAX per ticket, mean messages/tickets, summing to exactly `messages`. */
function messageCounts(rand: () => number, tickets: number, messages: number): Uint8Array {
  if (messages < tickets || messages > tickets * MAX_MESSAGES_PER_TICKET) {
    throw new Error(`--messages must be between --tickets and ${MAX_MESSAGES_PER_TICKET} × --tickets (got ${messages} for ${tickets} tickets)`);
  }
  const mean = messages / tickets;
  const counts = new Uint8Array(tickets);
  let sum = 0;
  for (let i = 0; i < tickets; i++) {
    const n = Math.min(MAX_MESSAGES_PER_TICKET, 1 + Math.floor(-Math.log(1 - rand()) * (mean - 1)));
    counts[i] = n;
    sum += n;
  }
  while (sum !== messages) {
    const i = Math.floor(rand() * tickets);
    const n = counts[i]!;
    if (sum < messages && n < MAX_MESSAGES_PER_TICKET) {
      counts[i] = n + 1;
      sum++;
    } else if (sum > messages && n > 1) {
      counts[i] = n - 1;
      sum--;
    }
  }
  return counts;
}

type Status = 'new' | 'open' | 'pending' | 'resolved' | 'closed';

/** 30% active overall, nearly all of it among the newest 40% of tickets. */
function statusOf(rand: () => number, age: number): Status {
  const active = age < 0.4 ? rand() < 0.7 : rand() < 0.02 / 0.6;
  const r = rand();
  if (active) return r < 2 / 3 ? 'open' : r < 5 / 6 ? 'new' : 'pending';
  return r < 0.5 ? 'resolved' : 'closed';
}

// ── seeding ────────────────────────────────────────────────────────────────────

export function openDatabase(file: string, readonly = false): Database {
  return new BetterSqlite3(file, { fileMustExist: true, readonly });
}

/**
 * Adds the scale data to a DATA_DIR's database that Parley created (migrated, desk and admin present) and stopped.
 * Leaves the file in WAL mode, checkpointed, as the server keeps it.
 */
export function seedDatabase(file: string, options: SeedOptions): SeedResult {
  const started = performance.now();
  const { tickets, messages } = options;
  const log = options.log ?? (() => {});
  const rand = prng(options.seed ?? 42);
  const counts = messageCounts(rand, tickets, messages);
  const db = openDatabase(file);
  try {
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('cache_size = -1048576'); // 1 GiB: the whole file stays in cache while it is built
    db.pragma('temp_store = MEMORY');

    const version = db.pragma('user_version', { simple: true }) as number;
    if (version !== SCHEMA_VERSION) throw new Error(`database schema is version ${version}, the seed expects ${SCHEMA_VERSION}`);
    const admin = db.prepare(`SELECT id, name, password_hash FROM agents WHERE desk_id = ? AND role = 'admin' ORDER BY created_at LIMIT 1`).get(DESK_ID) as
      | { id: string; name: string; password_hash: string }
      | undefined;
    if (!admin) throw new Error('no admin agent: start Parley once on the empty DATA_DIR before seeding');
    const existing = (db.prepare('SELECT count(*) AS n FROM conversations').get() as { n: number }).n;
    if (existing > 0) throw new Error(`the database already holds ${existing} conversations`);

    const agentCreated = new Date(END_MS - SPAN_MS - 86_400_000).toISOString();
    const agents: Array<{ id: string; name: string }> = [{ id: admin.id, name: admin.name }];
    const insertAgent = db.prepare('INSERT INTO agents (id, desk_id, name, email, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
    db.transaction(() => {
      for (let i = 1; i <= EXTRA_AGENTS; i++) {
        const agent = { id: randomString(rand, NANOID_ALPHABET, 21), name: i === EXTRA_AGENTS ? `Agent ${i} (part-time)` : `Agent ${i}` };
        insertAgent.run(agent.id, DESK_ID, agent.name, `agent${i}@scale.bench`, 'agent', admin.password_hash, agentCreated);
        agents.push(agent);
      }
    })();

    const insertContact = db.prepare(
      `INSERT INTO contacts (id, desk_id, external_id, name, email, created_at, last_seen_at, token_hash, identity_key)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertConversation = db.prepare(
      `INSERT INTO conversations (id, desk_id, number, subject, status, priority, channel, contact_id, assignee_id, tags,
       last_seq, last_message_at, last_message_preview, created_at, updated_at, version, open_key)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertMessage = db.prepare(
      `INSERT INTO messages (conversation_id, seq, id, client_msg_id, type, author_id, author_name, text, attachments, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, '[]', ?)`,
    );
    const insertEvent = db.prepare(
      `INSERT INTO events (id, desk_id, type, conversation_id, actor_type, actor_id, data, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );

    const statuses: Record<string, number> = { new: 0, open: 0, pending: 0, resolved: 0, closed: 0 };
    const partTimer = agents[agents.length - 1]!;
    const fullTimers = agents.slice(0, -1);
    let unassignedActive = 0;
    let adminActive = 0;
    let partTimerActive = 0;
    let partTimerTickets = 0;
    let events = 0;
    let written = 0;

    const seedTicket = (index: number) => {
      const number = index + 1;
      const age = 1 - index / tickets; // 1 = oldest, 0 = newest
      const createdMs = END_MS - SPAN_MS + Math.floor(((index + rand()) / tickets) * SPAN_MS);
      const status = statusOf(rand, age);
      statuses[status]!++;
      const active = status === 'new' || status === 'open' || status === 'pending';
      let assignee: { id: string; name: string } | null = null;
      if (status !== 'new' && rand() >= 0.08) {
        if (!active) assignee = agents[Math.floor(rand() * agents.length)]!;
        else if (age >= 0.4 && partTimerActive < PART_TIMER_ACTIVE) assignee = partTimer; // old stragglers
        else assignee = fullTimers[Math.floor(rand() * fullTimers.length)]!;
      }
      if (active && !assignee) unassignedActive++;
      if (active && assignee?.id === admin.id) adminActive++;
      if (assignee === partTimer) {
        partTimerTickets++;
        if (active) partTimerActive++;
      }

      const contactId = randomString(rand, NANOID_ALPHABET, 21);
      const identified = rand() < 0.2;
      const contactName = identified ? NAMES[Math.floor(rand() * NAMES.length)]! : null;
      const conversationId = randomString(rand, NANOID_ALPHABET, 21);
      const count = counts[index]!;

      let at = createdMs;
      let lastPublicAt = createdMs;
      let lastPublicText = '';
      let firstText = '';
      for (let seq = 1; seq <= count; seq++) {
        if (seq > 1) at += Math.max(5_000, Math.min(3 * 86_400_000, Math.floor(-Math.log(1 - rand()) * 2 * 3600_000)));
        const r = rand();
        const type = seq === 1 || status === 'new' ? 'visitor' : r < 0.45 ? 'visitor' : r < 0.88 ? 'agent' : r < 0.96 ? 'note' : 'system';
        const author = type === 'visitor' ? null : (assignee ?? agents[Math.floor(rand() * agents.length)]!);
        const body = type === 'system' ? `Status changed to ${status}` : text(rand);
        const messageId = randomString(rand, NANOID_ALPHABET, 21);
        const createdAt = new Date(at).toISOString();
        insertMessage.run(
          conversationId,
          seq,
          messageId,
          `c${randomString(rand, NANOID_ALPHABET, 15)}`,
          type,
          type === 'visitor' ? contactId : type === 'system' ? null : author!.id,
          type === 'visitor' ? contactName : type === 'system' ? null : author!.name,
          body,
          createdAt,
        );
        const actorType = type === 'visitor' ? 'visitor' : type === 'system' ? 'system' : 'agent';
        const actorId = type === 'visitor' ? contactId : type === 'system' ? null : author!.id;
        let n = 0;
        if (seq === 1) {
          insertEvent.run(`${messageId}.${n++}`, DESK_ID, 'conversation.created', conversationId, actorType, actorId, `{"number":${number},"channel":"web"}`, createdAt);
          events++;
        }
        insertEvent.run(
          `${messageId}.${n++}`,
          DESK_ID,
          'message.created',
          conversationId,
          actorType,
          actorId,
          `{"messageId":"${messageId}","seq":${seq},"type":"${type}"}`,
          createdAt,
        );
        events++;
        if (seq === 1) firstText = body;
        if (type === 'visitor' || type === 'agent') {
          lastPublicAt = at;
          lastPublicText = body;
        }
      }

      const createdAt = new Date(createdMs).toISOString();
      const lastSeen = new Date(lastPublicAt).toISOString();
      const externalId = identified ? `user-${number}` : null;
      insertContact.run(
        contactId,
        DESK_ID,
        externalId,
        contactName,
        identified ? `user${number}@example.com` : null,
        createdAt,
        lastSeen,
        randomString(rand, B64URL, 43),
        externalId ? `ext:${DESK_ID}:${externalId}` : `anon:${contactId}`,
      );
      const r = rand();
      const priority = r < 0.1 ? 'low' : r < 0.8 ? 'normal' : r < 0.95 ? 'high' : 'urgent';
      const tags = rand() < 0.15 ? JSON.stringify([TAGS[Math.floor(rand() * TAGS.length)]!]) : '[]';
      insertConversation.run(
        conversationId,
        DESK_ID,
        number,
        subjectFromText(firstText),
        status,
        priority,
        'web',
        contactId,
        assignee?.id ?? null,
        tags,
        count,
        lastSeen,
        previewOfMessage({ text: lastPublicText, attachments: [] }),
        createdAt,
        new Date(at).toISOString(),
        status === 'new' ? 0 : 1 + Math.floor(rand() * 4),
        openKeyFor({ id: conversationId, contactId, channel: 'web', status }),
      );
      written += count;
    };

    const CHUNK = 5_000;
    let nextReport = 0.1;
    for (let from = 0; from < tickets; from += CHUNK) {
      db.transaction(() => {
        for (let i = from; i < Math.min(tickets, from + CHUNK); i++) seedTicket(i);
      })();
      const done = Math.min(tickets, from + CHUNK) / tickets;
      if (done >= nextReport) {
        log(`seed: ${Math.round(done * 100)}% (${Math.min(tickets, from + CHUNK)} tickets, ${written} messages, ${((performance.now() - started) / 1000).toFixed(1)} s)`);
        nextReport = Math.floor(done * 10 + 1) / 10;
      }
    }
    if (written !== messages) throw new Error(`seeded ${written} messages, expected ${messages}`);
    // The search index, as the server's indexer writes it for every reply and note (store/sqlite/search-indexer.ts),
    // and its cursor after the last message.
    const ftsStarted = performance.now();
    db.prepare(
      `INSERT INTO message_fts (rowid, text)
       SELECT (c.rowid << ${FTS_SEQ_BITS}) + m.seq, m.text FROM messages m JOIN conversations c ON c.id = m.conversation_id
       WHERE m.type IN ('visitor', 'agent', 'note') AND m.text <> '' AND m.seq <= ${FTS_MAX_SEQ}`,
    ).run();
    log(`seed: search index of the messages in ${((performance.now() - ftsStarted) / 1000).toFixed(1)} s`);

    db.transaction(() => {
      db.prepare('INSERT INTO counters (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(`ticket:${DESK_ID}`, tickets);
      db.prepare(
        `INSERT INTO consumer_cursors (consumer, pos) SELECT 'fanout', max(pos) FROM events WHERE true ON CONFLICT (consumer) DO UPDATE SET pos = excluded.pos`,
      ).run();
      db.prepare('UPDATE search_cursor SET pos = (SELECT coalesce(max(pos), 0) FROM messages) WHERE id = 1').run();
    })();
    db.pragma('journal_mode = WAL');
    return {
      seconds: (performance.now() - started) / 1000,
      tickets,
      messages: written,
      contacts: tickets,
      events,
      agents: agents.length,
      statuses,
      unassignedActive,
      adminActive,
      partTimerActive,
      partTimerTickets,
      maxMessagesPerTicket: counts.reduce((a, b) => Math.max(a, b), 0),
    };
  } finally {
    db.close();
  }
}
