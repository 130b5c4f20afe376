/**
 * Sending a message that carries its own clientMsgId: safe to repeat, since the server stores it once and answers a
 * repeat with the stored message. A send that fails only because the connection is gone (refused while disconnected,
 * or no acknowledgement: it may or may not have been stored) is not reported as "not sent": it waits for the
 * connection to come back and asks again, as the widget does. Otherwise the agent was told "Not sent" about a reply
 * the customer already had, edited it and sent it a second time.
 */
import type { Socket } from 'socket.io-client';
import { AGENT_EVENTS } from '@parley/protocol/events';
import { request, type Answer, type AgentRequests } from './socket.ts';

/** After this long without a connection the send is given up and the failure shown (the draft keeps the text). */
export const RESEND_GIVE_UP_MS = 120_000;

type Send = typeof AGENT_EVENTS.send;

export function isConnectionFailure(answer: Answer<Send>): boolean {
  return !answer.ok && answer.error.code === 'unavailable';
}

/** Resolves when `socket` is connected (at once if it is), or false after `ms`. */
function connected(socket: Pick<Socket, 'connected' | 'once' | 'off'>, ms: number): Promise<boolean> {
  if (socket.connected) return Promise.resolve(true);
  return new Promise((resolve) => {
    const onConnect = () => {
      clearTimeout(timer);
      resolve(true);
    };
    const timer = setTimeout(() => {
      socket.off('connect', onConnect);
      resolve(false);
    }, ms);
    socket.once('connect', onConnect);
  });
}

export async function sendUntilAnswered(
  socket: Socket,
  payload: AgentRequests[Send]['payload'],
  ask: (socket: Socket, payload: AgentRequests[Send]['payload']) => Promise<Answer<Send>> = (s, p) => request(s, AGENT_EVENTS.send, p),
  giveUpMs = RESEND_GIVE_UP_MS,
): Promise<Answer<Send>> {
  const deadline = Date.now() + giveUpMs;
  for (;;) {
    const answer = await ask(socket, payload);
    if (!isConnectionFailure(answer)) return answer;
    const left = deadline - Date.now();
    if (left <= 0) return answer;
    // Connected yet unanswered (a lost acknowledgement): ask again once the connection has been through a reconnect
    // or at once if it is still up; never faster than once a second.
    if (socket.connected) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, left)));
    else if (!(await connected(socket, left))) return answer;
  }
}
