import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, clientMsgId, connect, json, loginAgent, newVisitorToken, startNode, type TestNode } from '../support/parley.ts';

type Ticket = { id: string; assigneeId: string | null; status: string; lastSeq: number };

/** Twenty agents answer the same unassigned ticket at the same instant, each from the same view of it. */
describe('twenty agents reply at once', () => {
  let node: TestNode;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    node = await startNode('embedded');
  });
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await node?.dispose();
  });

  it('one claim and one reply win; the other nineteen get stale_ticket naming the winner\'s reply', async () => {
    const admin = await loginAgent(node.url);
    const agents: Array<{ id: string; socket: Socket }> = [];
    for (let i = 0; i < 20; i++) {
      const email = `racer${i}@race.test`;
      const created = await json(`${node.url}/api/v1/agents`, {
        method: 'POST',
        headers: { cookie: admin, 'x-parley-csrf': '1' },
        body: JSON.stringify({ name: `Racer ${i}`, email, password: 'racer password 1' }),
      });
      const socket = await connect(node.url, '/agent', { cookie: await loginAgent(node.url, { email, password: 'racer password 1' }) });
      sockets.push(socket);
      agents.push({ id: (created.body.agent as { id: string }).id, socket });
    }
    const visitor = await connect(node.url, '/visitor', { token: await newVisitorToken(node.url) });
    sockets.push(visitor);
    const asked = await call(visitor, 'visitor:message', { clientMsgId: clientMsgId(), text: 'anyone there?' });
    const conversationId = (asked.message as { conversationId: string }).conversationId;
    const view = (await call(agents[0]!.socket, 'agent:open', { conversationId })).conversation as Ticket;
    expect(view).toMatchObject({ assigneeId: null, lastSeq: 1 });

    const answers = await Promise.all(
      agents.map(({ socket }, i) =>
        call(socket, 'agent:message', {
          conversationId,
          clientMsgId: clientMsgId(),
          text: `hello from racer ${i}`,
          lastSeenSeq: view.lastSeq,
          seenTicket: { assigneeId: view.assigneeId, status: view.status },
        }),
      ),
    );
    const won = answers.filter((a) => a.ok);
    const lost = answers.filter((a) => !a.ok);
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(19);
    const winner = agents[answers.findIndex((a) => a.ok)]!;
    const winning = won[0]!.message as { seq: number; text: string };
    for (const refusal of lost) {
      expect(refusal.error).toMatchObject({ code: 'stale_ticket' });
      const details = refusal.error!.details as { missed: Array<{ seq: number }>; conversation: Ticket };
      expect(details.missed.map((m) => m.seq)).toEqual([winning.seq]);
      expect(details.conversation.assigneeId).toBe(winner.id);
    }
    const ticket = (await call(agents[1]!.socket, 'agent:open', { conversationId })) as unknown as { conversation: Ticket; messages: Array<{ text: string }> };
    expect(ticket.conversation).toMatchObject({ assigneeId: winner.id, status: 'open', lastSeq: 2 });
    expect(ticket.messages.map((m) => m.text)).toEqual(['anyone there?', winning.text]);
  });
});
