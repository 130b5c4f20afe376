import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, call, clientMsgId, connect, json, loginAgent, newVisitorToken, nextPresence as presenceOf, startNode, type TestNode } from '../support/parley.ts';

describe('agents see who else is on a ticket', () => {
  let node: TestNode;
  let conversationId: string;
  let mina: Socket;
  let admin: Socket;
  const sockets: Socket[] = [];
  const track = (s: Socket) => (sockets.push(s), s);

  beforeAll(async () => {
    node = await startNode('embedded');
    const adminCookie = await loginAgent(node.url);
    await json(`${node.url}/api/v1/agents`, {
      method: 'POST',
      headers: { cookie: adminCookie, 'x-parley-csrf': '1' },
      body: JSON.stringify({ name: 'Mina', email: 'mina@presence.test', password: 'mina password 1' }),
    });
    admin = track(await connect(node.url, '/agent', { cookie: adminCookie }));
    mina = track(await connect(node.url, '/agent', { cookie: await loginAgent(node.url, { email: 'mina@presence.test', password: 'mina password 1' }) }));
    const visitor = track(await connect(node.url, '/visitor', { token: await newVisitorToken(node.url) }));
    const first = await call(visitor, 'visitor:message', { clientMsgId: clientMsgId(), text: 'help' });
    conversationId = (first.message as { conversationId: string }).conversationId;
  });
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await node?.dispose();
  });

  it('shows viewing, then replying, then leaving, within a moment each', async () => {
    const viewing = presenceOf(mina, conversationId, (p) => p.agents.some((a) => a.state === 'viewing' && a.composing === null), 2000);
    expect(await call(admin, 'agent:presence', { conversationId, state: 'viewing', composing: null })).toMatchObject({ ok: true });
    expect((await viewing).agents).toEqual([expect.objectContaining({ name: 'Admin', state: 'viewing', composing: null })]);

    const replying = presenceOf(mina, conversationId, (p) => p.agents.some((a) => a.composing === 'reply'), 2000);
    await call(admin, 'agent:presence', { conversationId, state: 'viewing', composing: 'reply' });
    await replying;

    const snapshot = await call(mina, 'agent:presence-snapshot', {});
    expect(snapshot.tickets).toContainEqual({ conversationId, agents: [expect.objectContaining({ composing: 'reply' })] });

    const left = presenceOf(mina, conversationId, (p) => p.agents.length === 0, 2000);
    await call(admin, 'agent:presence', { conversationId, state: 'left', composing: null });
    await left;
  });

  it('merges an agent\'s tabs: one focused tab makes them viewing', async () => {
    const second = track(await connect(node.url, '/agent', { cookie: await loginAgent(node.url) }));
    await call(admin, 'agent:presence', { conversationId, state: 'background', composing: null });
    const merged = presenceOf(mina, conversationId, (p) => p.agents.length === 1 && p.agents[0]!.state === 'viewing', 2000);
    await call(second, 'agent:presence', { conversationId, state: 'viewing', composing: null });
    await merged;
    // the focused tab closes: the agent is back to "open in a background tab", at once
    const background = presenceOf(mina, conversationId, (p) => p.agents.length === 1 && p.agents[0]!.state === 'background', 2000);
    second.close();
    await background;
    await call(admin, 'agent:presence', { conversationId, state: 'left', composing: null });
  });

  it('forgets a tab that went silent within 10 s, without a goodbye', async () => {
    const silent = track(await connect(node.url, '/agent', { cookie: await loginAgent(node.url, ADMIN) }));
    const seen = presenceOf(mina, conversationId, (p) => p.agents.length === 1, 2000);
    await call(silent, 'agent:presence', { conversationId, state: 'viewing', composing: 'note' });
    await seen;
    const started = Date.now();
    // no heartbeat, no disconnect: only the expiry can end it
    await presenceOf(mina, conversationId, (p) => p.agents.length === 0, 12_000);
    expect(Date.now() - started).toBeLessThanOrEqual(10_000);
  }, 20_000);

  it('answers presence only for tickets of the agent\'s desk', async () => {
    const answer = await call(admin, 'agent:presence', { conversationId: 'nosuchticket', state: 'viewing', composing: null });
    expect(answer).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});
