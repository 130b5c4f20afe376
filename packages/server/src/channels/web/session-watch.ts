import { SERVER_EVENTS } from '@parley/protocol';
import type { Socket } from 'socket.io';
import { liveSession } from '../../services/agent-auth.ts';
import type { ServiceDeps } from '../../services/deps.ts';
import type { AgentData } from './agent-refresh.ts';

/** A session revoked where no node heard of it (deleted from the store by a password reset) is noticed this soon. */
export const SESSION_RECHECK_MS = 60_000;

/**
 * Keeps an agent socket no longer than its session: at the session's expiry on the server's clock, and every
 * SESSION_RECHECK_MS, the session is looked up again; once it is gone the agent is told and the socket closed (while
 * it lasts, the socket takes the account as it is then).
 */
export function watchSession(socket: Socket, deps: ServiceDeps, token: string, expiresAt: number): void {
  let timer: NodeJS.Timeout | undefined;
  const schedule = (until: number) => {
    const wait = Math.max(0, Math.min(until - deps.now().getTime(), SESSION_RECHECK_MS));
    timer = setTimeout(check, wait);
    timer.unref();
  };
  const check = () => {
    liveSession(deps, token).then(
      (session) => {
        if (!socket.connected) return;
        if (!session) {
          socket.emit(SERVER_EVENTS.sessionRevoked, {});
          socket.disconnect(true);
          return;
        }
        // A change of the account that this node never heard of (Redis was away) is picked up here too.
        (socket.data as AgentData).agent = session.agent;
        schedule(session.expiresAt);
      },
      () => socket.connected && schedule(expiresAt), // the store is away: look again later
    );
  };
  socket.once('disconnect', () => clearTimeout(timer));
  schedule(expiresAt);
}
