import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, clientMsgId, connect, loginAgent, newVisitorToken } from '../support/clients.ts';
import { removeDir, startTestParley, type RunningParley } from '../support/parley.ts';

type Msg = { seq: number; text: string; type: string; conversationId: string };

/** History answers are pages, reads are budgeted, a resume does not write, sockets are capped. */
describe('what a visitor can make the server read and hold', () => {
  let server: RunningParley;
  let url: string;
  const sockets: Socket[] = [];
  const track = (s: Socket) => (sockets.push(s), s);

  beforeAll(async () => {
    // budgets ×10: 300 messages per visitor per 30 s, 1,200 history reads per visitor per minute
    server = await startTestParley({ RATE_LIMIT_SCALE: '10' });
    url = server.url;
  });
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await server?.stop();
    if (server) await removeDir(server.dataDir);
  });

  it('answers resume and sync a page at a time, skipping internal notes, until the visitor is up to date', async () => {
    const visitor = track(await connect(url, '/visitor', { token: await newVisitorToken(url) }));
    let conversationId = '';
    for (let i = 1; i <= 120; i++) {
      const sent = await call(visitor, "visitor:message", { clientMsgId: clientMsgId(), text: `m${i}` });
      conversationId = (sent.message as Msg).conversationId;
    }
    const agent = track(await connect(url, '/agent', { cookie: await loginAgent(url) }));
    for (let i = 1; i <= 250; i++) expect((await call(agent, 'agent:message', { conversationId, clientMsgId: clientMsgId(), type: 'note', text: `note ${i}` })).ok).toBe(true);
    await call(visitor, 'visitor:message', { clientMsgId: clientMsgId(), text: 'after the notes' });

    const resumed = await call(visitor, 'visitor:resume', { afterSeq: 0 });
    const first = resumed.messages as Msg[];
    expect(first.map((m) => m.text)).toEqual(Array.from({ length: 50 }, (_, i) => `m${i + 1}`));
    expect((resumed.conversation as { lastSeq: number }).lastSeq).toBe(371);
    const pages: Msg[][] = [first];
    for (;;) {
      const after = pages.at(-1)!.at(-1)!.seq;
      const page = (await call(visitor, 'visitor:sync', { conversationId, afterSeq: after })).messages as Msg[];
      if (page.length === 0) break;
      pages.push(page);
    }
    expect(pages.map((p) => p.length)).toEqual([50, 50, 20, 1]); // the third page ends where the scan met 200 notes
    expect(pages.flat().map((m) => m.text).at(-1)).toBe('after the notes');
    expect(pages.flat().every((m) => m.type === 'visitor')).toBe(true);
  });

  it('budgets history reads per visitor, and a resume writes nothing', async () => {
    const token = await newVisitorToken(url);
    const visitor = track(await connect(url, '/visitor', { token }));
    const sent = await call(visitor, 'visitor:message', { clientMsgId: clientMsgId(), text: 'hi' });
    const agent = track(await connect(url, '/agent', { cookie: await loginAgent(url) }));
    const lastSeen = async () =>
      ((await call(agent, 'agent:open', { conversationId: (sent.message as Msg).conversationId })).contact as { lastSeenAt: string }).lastSeenAt;
    const before = await lastSeen();
    const answers = await Promise.all(Array.from({ length: 1250 }, () => call(visitor, 'visitor:resume', {})));
    const refused = answers.filter((a) => !a.ok);
    expect(refused.length).toBeGreaterThanOrEqual(50);
    expect(refused[0]).toMatchObject({ error: { code: 'rate_limited' } });
    expect(answers.filter((a) => a.ok).length).toBeLessThanOrEqual(1200);
    expect(await lastSeen()).toBe(before);
    // a sync is a read too
    const sync = await call(visitor, 'visitor:sync', { conversationId: (sent.message as Msg).conversationId, afterSeq: 0 });
    expect(sync).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
  });

  it('caps the sockets of one visitor, and frees a slot when one closes', async () => {
    const token = await newVisitorToken(url);
    const open: Socket[] = [];
    for (let i = 0; i < 20; i++) open.push(track(await connect(url, '/visitor', { token })));
    await expect(connect(url, '/visitor', { token })).rejects.toThrow('rate_limited');
    open[0]!.close();
    await new Promise((r) => setTimeout(r, 200));
    track(await connect(url, '/visitor', { token }));
  });
});
