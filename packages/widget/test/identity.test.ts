import { afterEach, describe, expect, it } from 'vitest';
import { readIdentity } from '../src/app/identity.ts';
import { frameHash, parseFrameParams } from '../src/app/frame-params.ts';
import { readLoaderOptions, type ScriptTag } from '../src/loader/loader-options.ts';
import { createChatStore, parseToken } from '../src/app/chat-store.ts';
import { memoryStorage, type KeyValueStorage } from '../src/app/browser-storage.ts';
import { createChatController, type ChatController } from '../src/app/chat-controller.ts';
import { readIdentifyMessage } from '../src/app/parent-bridge.ts';
import { createWidgetApi, SessionRefusedError } from '../src/app/widget-api.ts';
import type { VisitorIdentity } from '../src/app/identity.ts';
import { FakeVisitorServer } from './fake-visitor-server.ts';

const HASH = 'a'.repeat(64);
const ALICE: VisitorIdentity = { userId: 'alice', hash: HASH };
const BOB: VisitorIdentity = { userId: 'bob', hash: 'b'.repeat(64) };

const script = (attributes: Record<string, string>): ScriptTag => ({
  src: 'https://chat.example.com/widget.js',
  getAttribute: (name: string) => attributes[name] ?? null,
});
const identityOf = (attributes: Record<string, string>) =>
  readLoaderOptions(script({ 'data-desk': 'acme', ...attributes }), 'https://shop.example/', 'en')?.identity;

describe('identity attributes of the script tag', () => {
  it('reads id, hash, email and name, trimmed', () => {
    expect(
      identityOf({
        'data-user-id': '  user-42 ',
        'data-user-hash': ` ${HASH.toUpperCase()} `,
        'data-user-email': ' kim@example.com ',
        'data-user-name': ' 김민수 ',
      }),
    ).toEqual({ userId: 'user-42', hash: HASH, email: 'kim@example.com', name: '김민수' });
  });

  it('is no identity without both id and hash, or with a hash that is not hex', () => {
    expect(identityOf({})).toBeNull();
    expect(identityOf({ 'data-user-id': 'user-42' })).toBeNull();
    expect(identityOf({ 'data-user-hash': HASH })).toBeNull();
    expect(identityOf({ 'data-user-id': '   ', 'data-user-hash': HASH })).toBeNull();
    expect(identityOf({ 'data-user-id': 'u', 'data-user-hash': 'not-hex!' })).toBeNull();
  });

  it('refuses an over-long id or hash, and leaves out an over-long or malformed email or name', () => {
    expect(identityOf({ 'data-user-id': 'u'.repeat(200), 'data-user-hash': HASH })).toMatchObject({ userId: 'u'.repeat(200) });
    expect(identityOf({ 'data-user-id': 'u'.repeat(201), 'data-user-hash': HASH })).toBeNull();
    expect(identityOf({ 'data-user-id': 'u', 'data-user-hash': 'a'.repeat(128) })).not.toBeNull();
    expect(identityOf({ 'data-user-id': 'u', 'data-user-hash': 'a'.repeat(129) })).toBeNull();
    const longEmail = `${'e'.repeat(250)}@x.io`; // 255
    expect(
      identityOf({ 'data-user-id': 'u', 'data-user-hash': HASH, 'data-user-email': longEmail, 'data-user-name': 'n'.repeat(101) }),
    ).toEqual({ userId: 'u', hash: HASH });
    expect(identityOf({ 'data-user-id': 'u', 'data-user-hash': HASH, 'data-user-email': 'not an email' })).toEqual({
      userId: 'u',
      hash: HASH,
    });
  });

  it('takes the same rules from Parley.identify() input', () => {
    expect(readIdentity({ userId: 'u', hash: HASH, extra: 'x' })).toEqual({ userId: 'u', hash: HASH });
    expect(readIdentity({ userId: 42, hash: HASH })).toBeNull();
    expect(readIdentity('u')).toBeNull();
    expect(readIdentity(null)).toBeNull();
  });
});

describe('identity in the frame URL fragment', () => {
  it('round-trips, with characters that need encoding', () => {
    const identity = { userId: 'a&b=c#d 김', hash: HASH, email: 'k+1@example.com', name: 'Kim & Lee' };
    const hash = frameHash({ desk: 'acme', locale: 'ko', identity });
    expect(hash.startsWith('#desk=acme&locale=ko&uid=')).toBe(true);
    expect(parseFrameParams(hash, 'en')).toEqual({ desk: 'acme', locale: 'ko', identity });
  });

  it('has no identity fields for an anonymous visitor, and drops an unusable identity', () => {
    expect(frameHash({ desk: 'acme', locale: 'en', identity: null })).toBe('#desk=acme&locale=en');
    expect(parseFrameParams('#desk=acme&locale=en&uid=alice', 'en')).toEqual({ desk: 'acme', locale: 'en' });
    expect(parseFrameParams(`#desk=acme&locale=en&uid=${'u'.repeat(201)}&uhash=${HASH}`, 'en')).toEqual({
      desk: 'acme',
      locale: 'en',
    });
  });
});

describe('stored token', () => {
  it('reads a plain string as an anonymous token (as stored before identities) and JSON as an identified one', () => {
    expect(parseToken('tok-1')).toEqual({ token: 'tok-1', userId: null });
    expect(parseToken('{"token":"tok-2","userId":"alice"}')).toEqual({ token: 'tok-2', userId: 'alice' });
    expect(parseToken('{"token":"tok-3","userId":"alice","fallback":true}')).toEqual({
      token: 'tok-3',
      userId: 'alice',
      fallback: true,
    });
    expect(parseToken('{"token":"","userId":"alice"}')).toBeNull();
    expect(parseToken('{"token":"t","userId":7}')).toBeNull();
    expect(parseToken('{damaged')).toBeNull();
    expect(parseToken(null)).toBeNull();
  });

  it('writes anonymous tokens as before and identified ones with their userId', () => {
    const storage = memoryStorage();
    const store = createChatStore('acme', storage);
    store.writeToken('tok-1');
    expect(storage.getItem('parley:acme:token')).toBe('tok-1');
    store.writeToken('tok-2', 'alice');
    expect(JSON.parse(storage.getItem('parley:acme:token') as string)).toEqual({ token: 'tok-2', userId: 'alice' });
    expect(store.readToken()).toEqual({ token: 'tok-2', userId: 'alice' });
  });
});

describe('chat controller: identity', () => {
  const settle = () => new Promise((resolve) => setTimeout(resolve, 20));
  let controllers: ChatController[] = [];
  afterEach(() => {
    for (const c of controllers) c.stop();
    controllers = [];
  });

  function start(storage: KeyValueStorage, identity: VisitorIdentity | null, server = new FakeVisitorServer()) {
    const warnings: string[] = [];
    const controller = createChatController({
      desk: 'acme',
      store: createChatStore('acme', storage),
      api: server.api,
      openTransport: server.open,
      identity,
      warn: (message) => warnings.push(message),
      retryDelay: () => 5,
    });
    controllers.push(controller);
    controller.start();
    return { server, controller, warnings };
  }
  const stored = (storage: KeyValueStorage) => parseToken(storage.getItem('parley:acme:token'));
  const outbox = JSON.stringify([{ clientMsgId: 'abcdefgh1234', text: 'unsent', attachments: [] }]);

  it('creates an identified session with the identity and stores the token with its userId', async () => {
    const storage = memoryStorage();
    const { server, controller } = start(storage, ALICE);
    await settle();
    expect(server.log.slice(0, 2)).toEqual(['session token-acme-1 for alice', 'connect token-acme-1']);
    expect(stored(storage)).toEqual({ token: 'token-acme-1', userId: 'alice' });
    expect(controller.getState().connection).toBe('online');
  });

  it('reuses the token of the same identity, and an anonymous token while anonymous', async () => {
    const storage = memoryStorage();
    storage.setItem('parley:acme:token', JSON.stringify({ token: 'known-token', userId: 'alice' }));
    const first = start(storage, ALICE);
    await settle();
    expect(first.server.log.slice(0, 1)).toEqual(['connect known-token']);

    const anonymous = memoryStorage();
    anonymous.setItem('parley:acme:token', 'known-token'); // written by a widget without identities
    const second = start(anonymous, null);
    await settle();
    expect(second.server.log.slice(0, 1)).toEqual(['connect known-token']);
  });

  it.each([
    ['anonymous → identified', 'known-token', ALICE, 'session token-acme-1 for alice'],
    ['user A → user B', JSON.stringify({ token: 'known-token', userId: 'alice' }), BOB, 'session token-acme-1 for bob'],
    ['identified → logged out', JSON.stringify({ token: 'known-token', userId: 'alice' }), null, 'session token-acme-1'],
  ] as const)('%s: drops the token and the outbox and starts a new session', async (_, raw, identity, session) => {
    const storage = memoryStorage();
    storage.setItem('parley:acme:token', raw);
    storage.setItem('parley:acme:outbox', outbox);
    const { server, controller } = start(storage, identity);
    expect(controller.getState().timeline.pending).toEqual([]);
    expect(storage.getItem('parley:acme:outbox')).toBeNull();
    await settle();
    expect(server.log.slice(0, 2)).toEqual([session, 'connect token-acme-1']);
    expect(server.log).not.toContain('connect known-token');
    expect(stored(storage)).toEqual({ token: 'token-acme-1', userId: identity ? identity.userId : null });
  });

  it('keeps the outbox when the identity is unchanged', async () => {
    const storage = memoryStorage();
    storage.setItem('parley:acme:token', JSON.stringify({ token: 'known-token', userId: 'alice' }));
    storage.setItem('parley:acme:outbox', outbox);
    const { server } = start(storage, ALICE);
    await settle();
    expect(server.sent.map((s) => s.text)).toEqual(['unsent']);
  });

  it.each([403, 400] as const)('falls back to an anonymous session once on %s and warns the site owner', async (status) => {
    const storage = memoryStorage();
    const server = new FakeVisitorServer();
    server.refuseIdentity = status;
    const { controller, warnings } = start(storage, ALICE, server);
    await settle();
    expect(server.log.slice(0, 3)).toEqual(['session refused for alice', 'session token-acme-1', 'connect token-acme-1']);
    expect(controller.getState().connection).toBe('online');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('[Parley] identity verification failed: check data-user-hash');
    expect(stored(storage)).toEqual({ token: 'token-acme-1', userId: 'alice', fallback: true });
  });

  it('after a fallback, tries the identity again on the next start: reuses the anonymous token if refused again', async () => {
    const storage = memoryStorage();
    const server = new FakeVisitorServer();
    server.refuseIdentity = 403;
    start(storage, ALICE, server);
    await settle();
    controllers.pop()?.stop();
    server.log.length = 0;
    start(storage, ALICE, server);
    await settle();
    expect(server.log.slice(0, 2)).toEqual(['session refused for alice', 'connect token-acme-1']);
    expect(stored(storage)).toEqual({ token: 'token-acme-1', userId: 'alice', fallback: true });

    controllers.pop()?.stop();
    server.refuseIdentity = null; // the site fixed its hash
    server.log.length = 0;
    start(storage, ALICE, server);
    await settle();
    expect(server.log.slice(0, 2)).toEqual(['session token-acme-2 for alice', 'connect token-acme-2']);
    expect(stored(storage)).toEqual({ token: 'token-acme-2', userId: 'alice' });
  });
});

describe('parley:identify messages (frame)', () => {
  const parent = { name: 'host page' };
  const ORIGIN = 'https://shop.example';
  const from = (data: unknown, origin = ORIGIN, source: unknown = parent, known: string | null = ORIGIN) =>
    readIdentifyMessage({ data, origin, source }, parent, known);

  it('accepts an identity or a logout from the parent window and the known host origin', () => {
    expect(from({ type: 'parley:identify', identity: { userId: ' bob ', hash: HASH } })).toEqual({
      identity: { userId: 'bob', hash: HASH },
    });
    expect(from({ type: 'parley:identify', identity: null })).toEqual({ identity: null });
  });

  it('ignores other windows, other origins, an unknown host origin and malformed identities', () => {
    const message = { type: 'parley:identify', identity: null };
    expect(from(message, 'https://evil.example')).toBeUndefined();
    expect(from(message, ORIGIN, { name: 'another window' })).toBeUndefined();
    expect(from(message, ORIGIN, parent, null)).toBeUndefined();
    expect(from({ type: 'parley:identify', identity: { userId: 'bob' } })).toBeUndefined();
    expect(from({ type: 'parley:identify' })).toBeUndefined();
    expect(from({ type: 'parley:panel', open: true })).toBeUndefined();
  });
});

describe('createSession with an identity', () => {
  it('posts the identity in the body, and a 403 is a SessionRefusedError with its status', async () => {
    const bodies: unknown[] = [];
    const answers = [
      new Response(JSON.stringify({ ok: true, token: 'tok', contactId: 'c1' }), { status: 200 }),
      new Response(JSON.stringify({ ok: false, error: { code: 'forbidden', message: 'bad hash' } }), { status: 403 }),
    ];
    const fetchImpl = (async (_url: RequestInfo | URL, init?: RequestInit) => {
      bodies.push(JSON.parse(String(init?.body)));
      return answers.shift() as Response;
    }) as typeof fetch;
    const api = createWidgetApi(fetchImpl);
    expect(await api.createSession('acme', { ...ALICE, name: 'Alice' })).toBe('tok');
    expect(bodies[0]).toEqual({ desk: 'acme', identity: { userId: 'alice', hash: HASH, name: 'Alice' } });
    const refusal = await api.createSession('acme', ALICE).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(SessionRefusedError);
    expect((refusal as SessionRefusedError).status).toBe(403);
  });

  it('posts only the desk for an anonymous visitor', async () => {
    const bodies: unknown[] = [];
    const fetchImpl = (async (_url: RequestInfo | URL, init?: RequestInit) => {
      bodies.push(JSON.parse(String(init?.body)));
      return new Response(JSON.stringify({ ok: true, token: 'tok' }), { status: 200 });
    }) as typeof fetch;
    await createWidgetApi(fetchImpl).createSession('acme');
    expect(bodies).toEqual([{ desk: 'acme' }]);
  });
});
