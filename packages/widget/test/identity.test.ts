import { afterEach, describe, expect, it } from 'vitest';
import { ownerOf, profileOf, readIdentity, subjectOf } from '../src/app/identity.ts';
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
const base64url = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const part = (value: unknown) => base64url(new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value)));
/** A JWT as a site's backend signs it; the widget never verifies it (only the server can), so any signature does. */
const jwt = (claims: unknown, signature = 'c2lnbmF0dXJl') => `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}.${signature}`;
const ALICE_TOKEN = jwt({ sub: 'alice', email: 'alice@example.com', name: 'Alice', exp: 2_000_000_000 });
const ALICE: VisitorIdentity = { userId: 'alice', token: ALICE_TOKEN };
const BOB: VisitorIdentity = { userId: 'bob', token: jwt({ sub: 'bob' }) };
const LEGACY_ALICE: VisitorIdentity = { userId: 'alice', hash: HASH };

const script = (attributes: Record<string, string>): ScriptTag => ({
  src: 'https://chat.example.com/widget.js',
  getAttribute: (name: string) => attributes[name] ?? null,
});
/** The loader passes the attributes on unchecked; the panel checks them with readIdentity. */
const identityOf = (attributes: Record<string, string>) =>
  readIdentity(readLoaderOptions(script({ 'data-desk': 'acme', ...attributes }), 'https://shop.example/', 'en')?.identity);

describe('identity token (data-user-token, a JWT)', () => {
  it('reads the token, trimmed, and its sub as the owner (UTF-8, unverified)', () => {
    expect(identityOf({ 'data-user-token': ` ${ALICE_TOKEN}\n` })).toEqual(ALICE);
    const token = jwt({ sub: ' 김민수-42 ', name: '김민수' });
    expect(identityOf({ 'data-user-token': token })).toEqual({ userId: '김민수-42', token });
    expect(ownerOf(identityOf({ 'data-user-token': token }))).toBe('김민수-42');
    expect(ownerOf(ALICE)).toBe('alice');
    expect(ownerOf(null)).toBeNull();
  });

  it('prefers the token to the legacy attributes, and never reads e-mail or name from attributes', () => {
    expect(identityOf({ 'data-user-token': ALICE_TOKEN, 'data-user-id': 'bob', 'data-user-hash': HASH })).toEqual(ALICE);
    expect(
      identityOf({ 'data-user-token': ALICE_TOKEN, 'data-user-email': 'ceo@example.com', 'data-user-name': 'The CEO' }),
    ).toEqual(ALICE);
  });

  it.each([
    ['not a JWT', 'not-a-jwt'],
    ['two parts', `${part({ alg: 'HS256' })}.${part({ sub: 'alice' })}`],
    ['four parts', `${jwt({ sub: 'alice' })}.x`],
    ['characters outside base64url', jwt({ sub: 'alice' }).replace('.', '+.')],
    ['a payload that is not base64', `${part({ alg: 'HS256' })}.a.sig`],
    ['a payload that is not JSON', `${part({ alg: 'HS256' })}.${part('not json')}.sig`],
    ['a payload that is not UTF-8', `${part({ alg: 'HS256' })}.${base64url(new Uint8Array([0x7b, 0x22, 0xff, 0xfe]))}.sig`],
    ['a JSON null payload', jwt(null)],
    ['a JSON array payload', jwt([{ sub: 'alice' }])],
    ['no sub', jwt({ email: 'alice@example.com' })],
    ['an empty sub', jwt({ sub: '  ' })],
    ['a numeric sub', jwt({ sub: 42 })],
    ['an over-long sub', jwt({ sub: 'u'.repeat(201) })],
    ['an over-long token', jwt({ sub: 'alice', pad: 'p'.repeat(4096) })],
    ['an empty token', ''],
  ])('ignores a malformed token (%s): anonymous, without throwing', (_, token) => {
    expect(() => identityOf({ 'data-user-token': token })).not.toThrow();
    expect(identityOf({ 'data-user-token': token })).toBeNull();
    expect(readIdentity({ token })).toBeNull();
    expect(subjectOf(token)).toBeUndefined();
  });

  it('fingerprints the e-mail and name a token states (unverified), empty when it states none', () => {
    expect(profileOf(ALICE)).toBe(profileOf({ userId: 'alice', token: jwt({ name: 'Alice', email: 'alice@example.com', sub: 'alice' }) }));
    expect(profileOf(ALICE)).not.toBe(profileOf({ userId: 'alice', token: jwt({ sub: 'alice', email: 'alice@example.com' }) }));
    expect(profileOf({ userId: 'alice', token: jwt({ sub: 'alice' }) })).toBe('');
    expect(profileOf(LEGACY_ALICE)).toBe('');
    expect(profileOf(null)).toBe('');
  });

  it('accepts an unsigned-looking token: only the server verifies signatures', () => {
    expect(readIdentity({ token: jwt({ sub: 'alice' }, '') })).toEqual({ userId: 'alice', token: jwt({ sub: 'alice' }, '') });
    expect(subjectOf(jwt({ sub: 'u'.repeat(200) }))).toBe('u'.repeat(200));
  });
});

describe('legacy identity attributes of the script tag (user id and hash)', () => {
  it('reads id and hash, trimmed, and drops the unsigned e-mail and name', () => {
    expect(
      identityOf({
        'data-user-id': '  user-42 ',
        'data-user-hash': ` ${HASH.toUpperCase()} `,
        'data-user-email': ' kim@example.com ',
        'data-user-name': ' 김민수 ',
      }),
    ).toEqual({ userId: 'user-42', hash: HASH });
  });

  it('is no identity without both id and hash, or with a hash that is not hex', () => {
    expect(identityOf({})).toBeNull();
    expect(identityOf({ 'data-user-id': 'user-42' })).toBeNull();
    expect(identityOf({ 'data-user-hash': HASH })).toBeNull();
    expect(identityOf({ 'data-user-id': '   ', 'data-user-hash': HASH })).toBeNull();
    expect(identityOf({ 'data-user-id': 'u', 'data-user-hash': 'not-hex!' })).toBeNull();
  });

  it('refuses an over-long id or hash', () => {
    expect(identityOf({ 'data-user-id': 'u'.repeat(200), 'data-user-hash': HASH })).toMatchObject({ userId: 'u'.repeat(200) });
    expect(identityOf({ 'data-user-id': 'u'.repeat(201), 'data-user-hash': HASH })).toBeNull();
    expect(identityOf({ 'data-user-id': 'u', 'data-user-hash': 'a'.repeat(128) })).not.toBeNull();
    expect(identityOf({ 'data-user-id': 'u', 'data-user-hash': 'a'.repeat(129) })).toBeNull();
  });

  it('takes the same rules from Parley.identify() input', () => {
    expect(readIdentity({ userId: 'u', hash: HASH, email: 'kim@example.com', name: 'Kim', extra: 'x' })).toEqual({ userId: 'u', hash: HASH });
    expect(readIdentity({ token: ` ${ALICE_TOKEN} `, userId: 'bob', name: 'Bob' })).toEqual(ALICE);
    expect(readIdentity({ token: 42, userId: 'u', hash: HASH })).toEqual({ userId: 'u', hash: HASH }); // no token given
    expect(readIdentity({ userId: 42, hash: HASH })).toBeNull();
    expect(readIdentity('u')).toBeNull();
    expect(readIdentity(null)).toBeNull();
  });
});

describe('identity in the frame URL fragment', () => {
  it('carries the token alone, and round-trips it', () => {
    const hash = frameHash({ desk: 'acme', locale: 'ko', identity: ALICE });
    expect(hash).toBe(`#desk=acme&locale=ko&utoken=${ALICE_TOKEN}`);
    expect(parseFrameParams(hash, 'en')).toEqual({ desk: 'acme', locale: 'ko', identity: ALICE });
  });

  it('says when the loader preloaded the frame before the visitor opened it', () => {
    const hash = frameHash({ desk: 'acme', locale: 'en', identity: null, closed: true });
    expect(hash).toBe('#desk=acme&locale=en&closed=1');
    expect(parseFrameParams(hash, 'en')).toEqual({ desk: 'acme', locale: 'en', closed: true });
    expect(parseFrameParams('#desk=acme&locale=en', 'en')).toEqual({ desk: 'acme', locale: 'en' });
  });

  it('drops a malformed token from the fragment (anonymous)', () => {
    expect(parseFrameParams('#desk=acme&locale=en&utoken=not-a-jwt', 'en')).toEqual({ desk: 'acme', locale: 'en' });
    expect(parseFrameParams(`#desk=acme&locale=en&utoken=${jwt({ name: 'no sub' })}`, 'en')).toEqual({ desk: 'acme', locale: 'en' });
  });

  it('round-trips a legacy identity, with characters that need encoding, and never an e-mail or name', () => {
    const identity = { userId: 'a&b=c#d 김', hash: HASH };
    const hash = frameHash({ desk: 'acme', locale: 'ko', identity });
    expect(hash.startsWith('#desk=acme&locale=ko&uid=')).toBe(true);
    expect(parseFrameParams(hash, 'en')).toEqual({ desk: 'acme', locale: 'ko', identity });
    expect(parseFrameParams(`${hash}&uemail=ceo%40example.com&uname=CEO`, 'en')).toEqual({ desk: 'acme', locale: 'ko', identity });
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

  it('reads and writes the profile fingerprint of an identified token', () => {
    expect(parseToken('{"token":"t","userId":"alice","profile":"[1]"}')).toEqual({ token: 't', userId: 'alice', profile: '[1]' });
    expect(parseToken('{"token":"t","userId":"alice","profile":7}')).toEqual({ token: 't', userId: 'alice' });
    const storage = memoryStorage();
    createChatStore('acme', storage).writeToken('tok', 'alice', false, '["a@example.com",null]');
    expect(parseToken(storage.getItem('parley:acme:token'))).toEqual({ token: 'tok', userId: 'alice', profile: '["a@example.com",null]' });
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
  /** What a token states of the user besides `sub` is kept with the visitor token (see profileOf). */
  const profileField = (identity: VisitorIdentity | null) => (profileOf(identity) ? { profile: profileOf(identity) } : {});
  const outbox = JSON.stringify([{ clientMsgId: 'abcdefgh1234', text: 'unsent', attachments: [] }]);

  it.each([
    ['a token', ALICE],
    ['a legacy hash', LEGACY_ALICE],
  ])('creates an identified session with the identity (%s) and stores the token with its userId', async (_, identity) => {
    const storage = memoryStorage();
    const { server, controller } = start(storage, identity);
    await settle();
    expect(server.log.slice(0, 2)).toEqual(['session token-acme-1 for alice', 'connect token-acme-1']);
    expect(stored(storage)).toEqual({ token: 'token-acme-1', userId: 'alice', ...profileField(identity) });
    expect(controller.getState().connection).toBe('online');
  });

  it('reuses the token of the same identity, and an anonymous token while anonymous', async () => {
    const storage = memoryStorage();
    storage.setItem('parley:acme:token', JSON.stringify({ token: 'known-token', userId: 'alice', profile: profileOf(ALICE) }));
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
    expect(stored(storage)).toEqual({ token: 'token-acme-1', userId: identity ? identity.userId : null, ...profileField(identity) });
  });

  it('keeps the outbox when the identity is unchanged', async () => {
    const storage = memoryStorage();
    storage.setItem('parley:acme:token', JSON.stringify({ token: 'known-token', userId: 'alice', profile: profileOf(ALICE) }));
    storage.setItem('parley:acme:outbox', outbox);
    const { server } = start(storage, ALICE);
    await settle();
    expect(server.log.slice(0, 1)).toEqual(['connect known-token']);
    expect(server.sent.map((s) => s.text)).toEqual(['unsent']);
  });

  it('tells the server a newly signed name or e-mail of the same user: a new session, the outbox kept', async () => {
    const storage = memoryStorage();
    const renamed = { userId: 'alice', token: jwt({ sub: 'alice', email: 'alice@new.example', name: 'Alice' }) };
    storage.setItem('parley:acme:token', JSON.stringify({ token: 'known-token', userId: 'alice', profile: profileOf(ALICE) }));
    storage.setItem('parley:acme:outbox', outbox);
    const { server } = start(storage, renamed);
    await settle();
    expect(server.log.slice(0, 2)).toEqual(['session token-acme-1 for alice', 'connect token-acme-1']);
    expect(server.sent.map((s) => s.text)).toEqual(['unsent']);
    expect(stored(storage)).toEqual({ token: 'token-acme-1', userId: 'alice', profile: profileOf(renamed) });

    // a token stored before profiles were kept, or by a legacy identity: once, when the page's token states any
    const older = memoryStorage();
    older.setItem('parley:acme:token', JSON.stringify({ token: 'known-token', userId: 'alice' }));
    const second = start(older, ALICE);
    await settle();
    expect(second.server.log.slice(0, 1)).toEqual(['session token-acme-1 for alice']);
    const bare = memoryStorage();
    bare.setItem('parley:acme:token', JSON.stringify({ token: 'known-token', userId: 'alice' }));
    const third = start(bare, { userId: 'alice', token: jwt({ sub: 'alice' }) });
    await settle();
    expect(third.server.log.slice(0, 1)).toEqual(['connect known-token']);
  });

  it('keeps the stored token, silently, when the server refuses the new token', async () => {
    const storage = memoryStorage();
    const renamed = { userId: 'alice', token: jwt({ sub: 'alice', name: 'Alice Park' }) };
    storage.setItem('parley:acme:token', JSON.stringify({ token: 'known-token', userId: 'alice', profile: profileOf(ALICE) }));
    const server = new FakeVisitorServer();
    server.refuseIdentity = 403;
    const { warnings, controller } = start(storage, renamed, server);
    await settle();
    expect(server.log.slice(0, 2)).toEqual(['session refused for alice', 'connect known-token']);
    expect(controller.getState().connection).toBe('online');
    expect(stored(storage)).toEqual({ token: 'known-token', userId: 'alice', profile: profileOf(ALICE) });
    expect(warnings).toEqual([]);
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
    expect(warnings[0]).toContain('[Parley] identity verification failed');
    expect(warnings[0]).toContain('data-user-token');
    expect(warnings[0]).toContain('the token expired'); // the server's reason
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
    expect(stored(storage)).toEqual({ token: 'token-acme-2', userId: 'alice', profile: profileOf(ALICE) });
  });
});

describe('parley:identify messages (frame)', () => {
  const parent = { name: 'host page' };
  const ORIGIN = 'https://shop.example';
  const from = (data: unknown, origin = ORIGIN, source: unknown = parent, known: string | null = ORIGIN) =>
    readIdentifyMessage({ data, origin, source }, parent, known);

  it('accepts an identity or a logout from the parent window and the known host origin', () => {
    expect(from({ type: 'parley:identify', identity: { token: ALICE_TOKEN } })).toEqual({ identity: ALICE, forget: false });
    expect(from({ type: 'parley:identify', identity: { userId: ' bob ', hash: HASH } })).toEqual({
      identity: { userId: 'bob', hash: HASH },
      forget: false,
    });
    expect(from({ type: 'parley:identify', identity: null })).toEqual({ identity: null, forget: false });
    // Parley.reset(): the stored visitor goes even when the identity stays anonymous
    expect(from({ type: 'parley:identify', identity: null, forget: true })).toEqual({ identity: null, forget: true });
    expect(from({ type: 'parley:identify', identity: null, forget: 'yes' })).toEqual({ identity: null, forget: false });
  });

  it('ignores other windows, other origins, an unknown host origin and malformed identities', () => {
    const message = { type: 'parley:identify', identity: null };
    expect(from(message, 'https://evil.example')).toBeUndefined();
    expect(from(message, ORIGIN, { name: 'another window' })).toBeUndefined();
    expect(from(message, ORIGIN, parent, null)).toBeUndefined();
    expect(from({ type: 'parley:identify', identity: { userId: 'bob' } })).toBeUndefined();
    expect(from({ type: 'parley:identify', identity: { token: 'not-a-jwt' } })).toBeUndefined();
    expect(from({ type: 'parley:identify' })).toBeUndefined();
    expect(from({ type: 'parley:panel', open: true })).toBeUndefined();
  });
});

describe('createSession with an identity', () => {
  it('posts the identity in the body, and a 403 is a SessionRefusedError with its status', async () => {
    const bodies: unknown[] = [];
    const answers = [
      new Response(JSON.stringify({ ok: true, token: 'tok', contactId: 'c1' }), { status: 200 }),
      new Response(JSON.stringify({ ok: false, error: { code: 'forbidden', message: 'identity: the token expired' } }), { status: 403 }),
      new Response(JSON.stringify({ ok: true, token: 'tok2', contactId: 'c1' }), { status: 200 }),
    ];
    const fetchImpl = (async (_url: RequestInfo | URL, init?: RequestInit) => {
      bodies.push(JSON.parse(String(init?.body)));
      return answers.shift() as Response;
    }) as typeof fetch;
    const api = createWidgetApi(fetchImpl);
    expect(await api.createSession('acme', ALICE)).toBe('tok');
    expect(bodies[0]).toEqual({ desk: 'acme', identity: { token: ALICE_TOKEN } });
    const refusal = await api.createSession('acme', ALICE).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(SessionRefusedError);
    expect((refusal as SessionRefusedError).status).toBe(403);
    expect((refusal as SessionRefusedError).reason).toBe('identity: the token expired');
    expect(await api.createSession('acme', LEGACY_ALICE)).toBe('tok2');
    expect(bodies[2]).toEqual({ desk: 'acme', identity: { userId: 'alice', hash: HASH } });
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
