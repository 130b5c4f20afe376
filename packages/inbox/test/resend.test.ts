import { describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { sendUntilAnswered } from '../src/resend.ts';
import type { Answer } from '../src/socket.ts';
import { conversation, message } from './fixtures.ts';

type SendAnswer = Answer<'agent:message'>;
const payload = { conversationId: 'c1', clientMsgId: 'cm-1', text: 'We sent it', attachmentIds: [], type: 'agent' as const };
const unavailable: SendAnswer = { ok: false, error: { code: 'unavailable', message: 'No answer from the server.' } };
const stored: SendAnswer = { ok: true, message: message(4), conversation: conversation('c1', { lastSeq: 4 }) };

/** A socket that is disconnected until `reconnect()`. */
function droppedSocket() {
  const onConnect: Array<() => void> = [];
  const socket = {
    connected: false,
    once(event: string, handler: () => void) {
      if (event === 'connect') onConnect.push(handler);
      return socket;
    },
    off(event: string, handler: () => void) {
      if (event === 'connect') onConnect.splice(onConnect.indexOf(handler), 1);
      return socket;
    },
    reconnect() {
      socket.connected = true;
      onConnect.splice(0).forEach((h) => h());
    },
  };
  return socket;
}

describe("an agent's message sent over a connection that drops", () => {
  it('is asked again with the same clientMsgId once the connection is back, and answered as stored', async () => {
    const socket = droppedSocket();
    const asked: Array<typeof payload> = [];
    const answers = [unavailable, stored];
    const pending = sendUntilAnswered(socket as unknown as Socket, payload, async (_s, p) => {
      asked.push(p as typeof payload);
      return answers.shift()!;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(asked).toHaveLength(1); // waiting for the connection, not "Not sent"
    socket.reconnect();
    expect(await pending).toBe(stored);
    expect(asked.map((p) => p.clientMsgId)).toEqual(['cm-1', 'cm-1']);
  });

  it('reports what the server refused at once (only a lost connection is waited out)', async () => {
    const refused: SendAnswer = { ok: false, error: { code: 'stale_ticket', message: 'New messages' } };
    let asks = 0;
    const answer = await sendUntilAnswered(droppedSocket() as unknown as Socket, payload, async () => {
      asks++;
      return refused;
    });
    expect(answer).toBe(refused);
    expect(asks).toBe(1);
  });

  it('gives up and says so when the connection stays away', async () => {
    const answer = await sendUntilAnswered(droppedSocket() as unknown as Socket, payload, async () => unavailable, 30);
    expect(answer).toBe(unavailable);
  });
});
