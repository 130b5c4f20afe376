import { afterEach, describe, expect, it } from 'vitest';
import type { Message } from '@parley/protocol';
import { createChatController, type ChatController } from '../src/app/chat-controller.ts';
import { createChatStore } from '../src/app/chat-store.ts';
import { memoryStorage, type KeyValueStorage } from '../src/app/browser-storage.ts';
import { timelineEntries } from '../src/app/timeline.ts';
import { FakeVisitorServer } from './fake-visitor-server.ts';

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

let controllers: ChatController[] = [];
afterEach(() => {
  for (const c of controllers) c.stop();
  controllers = [];
});

function setup(options: { storage?: KeyValueStorage; server?: FakeVisitorServer; retryDelayMs?: number } = {}) {
  const server = options.server ?? new FakeVisitorServer();
  const storage = options.storage ?? memoryStorage();
  const agentMessages: Message[] = [];
  let ids = 0;
  const controller = createChatController({
    desk: 'acme',
    store: createChatStore('acme', storage),
    api: server.api,
    openTransport: server.open,
    newId: () => `client-id-${++ids}`,
    onAgentMessage: (m) => agentMessages.push(m),
    retryDelay: () => options.retryDelayMs ?? 5,
  });
  controllers.push(controller);
  const view = () =>
    timelineEntries(controller.getState().timeline).map((e) =>
      e.kind === 'stored' ? `${e.message.seq}:${e.message.text}` : `pending:${e.pending.text}:${e.pending.status}`,
    );
  return { server, storage, controller, agentMessages, view };
}

describe('chat controller', () => {
  it('creates a session when there is no token, stores it and connects with it', async () => {
    const { server, storage, controller } = setup();
    controller.start();
    await settle();
    expect(storage.getItem('parley:acme:token')).toBe('token-acme-1');
    expect(server.log.slice(0, 3)).toEqual(['session token-acme-1', 'connect token-acme-1', 'resume 0']);
    expect(controller.getState().connection).toBe('online');
  });

  it('replaces a refused token with a new session once', async () => {
    const storage = memoryStorage();
    storage.setItem('parley:acme:token', 'revoked-token');
    const { server, controller } = setup({ storage });
    controller.start();
    await settle();
    expect(server.log.slice(0, 3)).toEqual(['connect revoked-token', 'session token-acme-1', 'connect token-acme-1']);
    expect(storage.getItem('parley:acme:token')).toBe('token-acme-1');
    expect(controller.getState().connection).toBe('online');
  });

  it('gives up after the new session is refused too', async () => {
    const server = new FakeVisitorServer();
    server.api.createSession = async () => 'also-refused';
    const { controller } = setup({ server });
    controller.start();
    await settle();
    expect(controller.getState().connection).toBe('unavailable');
  });

  it('shows a sent message once: pending, then the stored one (ack and echo deduplicated)', async () => {
    const { server, controller, view } = setup();
    controller.start();
    await settle();
    expect(controller.send('  hello  ')).toBe(true);
    expect(view()).toEqual(['pending:hello:sending']);
    await settle();
    expect(view()).toEqual(['1:hello']);
    expect(server.log.filter((l) => l.startsWith('send'))).toEqual(['send client-id-1']);
  });

  it('refuses empty text', () => {
    const { controller } = setup();
    expect(controller.send('   ')).toBe(false);
    expect(controller.getState().timeline.pending).toEqual([]);
  });

  it('retries a timed-out message with the same clientMsgId and stores it once', async () => {
    const { server, controller, view } = setup();
    server.sendFailures.push('timeout');
    controller.start();
    await settle();
    controller.send('hello');
    await settle();
    await settle();
    expect(server.log.filter((l) => l.startsWith('send'))).toEqual(['send client-id-1', 'send client-id-1']);
    expect(view()).toEqual(['1:hello']);
  });

  it('keeps messages typed while disconnected and sends them after reconnecting', async () => {
    const { server, controller, view } = setup();
    controller.start();
    await settle();
    server.drop();
    expect(controller.getState().connection).toBe('reconnecting');
    controller.send('typed offline');
    await settle();
    expect(view()).toEqual(['pending:typed offline:sending']);
    server.connect();
    await settle();
    expect(view()).toEqual(['1:typed offline']);
  });

  it('persists unsent messages and sends them with the same id after a reload', async () => {
    const storage = memoryStorage();
    const first = setup({ storage });
    first.controller.send('survive the reload'); // never connected
    first.controller.stop();
    expect(storage.getItem('parley:acme:outbox')).toContain('client-id-1');

    const server = new FakeVisitorServer();
    const second = setup({ storage, server });
    expect(second.view()).toEqual(['pending:survive the reload:sending']);
    second.controller.start();
    await settle();
    expect(server.log).toContain('send client-id-1');
    expect(second.view()).toEqual(['1:survive the reload']);
    expect(storage.getItem('parley:acme:outbox')).toBeNull();
  });

  it('sends uploaded files with the message; a message of files only is fine', async () => {
    const { server, controller, view } = setup();
    controller.start();
    await settle();
    const upload = await controller.upload(new File(['%PDF-1.7'], '보고서.pdf', { type: 'application/pdf' }));
    expect(upload.ok).toBe(true);
    if (!upload.ok) return;
    expect(controller.send('   ', [upload.attachment])).toBe(true);
    expect(controller.getState().timeline.pending[0]?.attachments).toEqual([upload.attachment]);
    await settle();
    expect(server.sent).toEqual([{ clientMsgId: 'client-id-1', text: '', attachmentIds: ['upload1'] }]);
    expect(view()).toEqual(['1:']);
    const stored = [...controller.getState().timeline.messages.values()][0];
    expect(stored?.attachments.map((a) => a.name)).toEqual(['보고서.pdf']);
    // nothing to send, or too many files
    expect(controller.send('', [])).toBe(false);
    expect(controller.send('hi', Array.from({ length: 6 }, () => upload.attachment))).toBe(false);
  });

  it('waits for the first session before uploading a file picked at once, and gives up when the chat stops', async () => {
    const { server, controller } = setup();
    const early = controller.upload(new File(['x'], 'a.txt'));
    await settle();
    expect(server.log).toEqual([]);
    controller.start();
    expect(await early).toMatchObject({ ok: true, attachment: { id: 'upload1' } });

    const other = setup();
    const never = other.controller.upload(new File(['x'], 'b.txt'));
    other.controller.stop();
    expect(await never).toEqual({ ok: false, code: 'network' });
    expect(other.server.log).toEqual([]);
  });

  it('keeps the attachment ids of an unsent message across a reload and sends the same ids, uploading nothing again', async () => {
    const storage = memoryStorage();
    const server = new FakeVisitorServer();
    const first = setup({ storage, server });
    first.controller.start();
    await settle();
    const picked = [new File(['GIF89a'], 'a/../b "x".gif', { type: 'image/gif' }), new File(['notes'], 'notes.txt')];
    const refs = [];
    for (const file of picked) {
      const result = await first.controller.upload(file);
      if (result.ok) refs.push(result.attachment);
    }
    expect(refs.map((r) => r.id)).toEqual(['upload1', 'upload2']);
    server.drop();
    first.controller.send('see attached', refs);
    await settle();
    first.controller.stop();
    const kept = JSON.parse(storage.getItem('parley:acme:outbox') ?? '[]') as unknown[];
    expect(kept).toEqual([{ clientMsgId: 'client-id-1', text: 'see attached', attachments: refs }]);

    const second = setup({ storage, server });
    expect(second.controller.getState().timeline.pending).toEqual([
      { clientMsgId: 'client-id-1', text: 'see attached', attachments: refs, status: 'sending', error: null },
    ]);
    second.controller.start();
    await settle();
    expect(server.sent).toEqual([{ clientMsgId: 'client-id-1', text: 'see attached', attachmentIds: ['upload1', 'upload2'] }]);
    expect(server.log.filter((l) => l.startsWith('upload'))).toHaveLength(2); // only the first page's uploads
    expect(second.view()).toEqual(['1:see attached']);
    expect(server.messages[0]?.attachments).toEqual(refs);
    expect(storage.getItem('parley:acme:outbox')).toBeNull();
  });

  it('retries a refused message with the same clientMsgId and the same attachment ids', async () => {
    const { server, controller, view } = setup();
    server.sendFailures.push({ ok: false, error: { code: 'rate_limited', message: 'too many' } });
    controller.start();
    await settle();
    const upload = await controller.upload(new File(['x'], 'x.txt'));
    if (!upload.ok) throw new Error('upload failed');
    controller.send('', [upload.attachment]);
    await settle();
    expect(view()).toEqual(['pending::failed']);
    controller.retry('client-id-1');
    await settle();
    expect(server.sent.map((s) => [s.clientMsgId, s.attachmentIds])).toEqual([
      ['client-id-1', ['upload1']],
      ['client-id-1', ['upload1']],
    ]);
    expect(view()).toEqual(['1:']);
  });

  it('keeps a message sending while the server cannot store it (unavailable) and delivers it when the server is back, with the same clientMsgId', async () => {
    const { server, controller, view } = setup({ retryDelayMs: 40 });
    const unavailable = { ok: false as const, error: { code: 'unavailable' as const, message: 'store unavailable' } };
    server.sendFailures.push(unavailable, unavailable, unavailable);
    controller.start();
    await settle();
    controller.send('hello');
    await settle();
    expect(view()).toEqual(['pending:hello:sending']); // not "Not sent": the server's outage is not the visitor's to retry
    for (let i = 0; i < 20 && view()[0] !== '1:hello'; i++) await settle();
    expect(server.log.filter((l) => l.startsWith('send'))).toEqual(Array.from({ length: 4 }, () => 'send client-id-1'));
    expect(view()).toEqual(['1:hello']);
  });

  it('shows a refusal and sends again on retry', async () => {
    const { server, controller, view } = setup();
    server.sendFailures.push({ ok: false, error: { code: 'rate_limited', message: 'too many' } });
    controller.start();
    await settle();
    controller.send('hello');
    await settle();
    expect(view()).toEqual(['pending:hello:failed']);
    expect(controller.getState().timeline.pending[0]?.error?.code).toBe('rate_limited');
    controller.retry('client-id-1');
    await settle();
    expect(view()).toEqual(['1:hello']);
  });

  it('resumes after the last seen seq on reconnect and merges what was missed', async () => {
    const { server, controller, view } = setup();
    controller.start();
    await settle();
    server.agentSays('one');
    server.agentSays('two');
    await settle();
    server.drop();
    server.agentSays('three', { push: false });
    server.connect();
    await settle();
    expect(server.log).toContain('resume 2');
    expect(view()).toEqual(['1:one', '2:two', '3:three']);
  });

  it('on resync, fetches what was never pushed while staying connected', async () => {
    const { server, controller, view } = setup();
    controller.start();
    await settle();
    server.agentSays('one');
    await settle();
    server.agentSays('lost in an outage', { push: false });
    await settle();
    expect(view()).toEqual(['1:one']);
    server.listener?.resync();
    await settle();
    expect(server.log).toContain('resume 1');
    expect(view()).toEqual(['1:one', '2:lost in an outage']);
  });

  it('fills a gap with visitor:sync when a pushed message skips ahead', async () => {
    const { server, controller, view } = setup();
    controller.start();
    await settle();
    server.agentSays('one');
    server.agentSays('two', { push: false }); // lost push
    server.agentSays('a note', { type: 'note' });
    server.agentSays('four');
    await settle();
    expect(server.log).toContain('sync 1');
    expect(view()).toEqual(['1:one', '2:two', '4:four']);
    expect(controller.getState().timeline.lastSeq).toBe(4);
  });

  it('loads a long history page by page', async () => {
    const server = new FakeVisitorServer();
    server.pageSize = 2;
    for (const text of ['a', 'b', 'c', 'd', 'e']) server.agentSays(text);
    const { controller, view } = setup({ server });
    controller.start();
    await settle();
    expect(view()).toEqual(['1:a', '2:b', '3:c', '4:d', '5:e']);
    expect(server.log.filter((l) => /^(resume|sync)/.test(l))).toEqual(['resume 0', 'sync 2', 'sync 4']);
  });

  it('does not keep syncing when the newest seqs are internal notes', async () => {
    const server = new FakeVisitorServer();
    server.agentSays('hello');
    server.agentSays('note', { type: 'note' });
    const { controller, view } = setup({ server });
    controller.start();
    await settle();
    expect(view()).toEqual(['1:hello']);
    expect(server.log.filter((l) => l.startsWith('sync'))).toEqual(['sync 1']);
    expect(controller.getState().timeline.lastSeq).toBe(2);
    server.agentSays('another note', { type: 'note' });
    server.listener?.conversationUpdated(server.conversation!); // what the server pushes after the note
    await settle();
    expect(server.log.filter((l) => l.startsWith('sync'))).toEqual(['sync 1', 'sync 2']);
    expect(controller.getState().timeline.lastSeq).toBe(3);
  });

  it('loads history at start and reports only new agent messages as unread candidates', async () => {
    const server = new FakeVisitorServer();
    server.agentSays('before');
    const { controller, agentMessages, view } = setup({ server });
    controller.start();
    await settle();
    expect(view()).toEqual(['1:before']);
    expect(agentMessages).toEqual([]);
    server.agentSays('after');
    await settle();
    expect(agentMessages.map((m) => m.text)).toEqual(['after']);
  });
});
