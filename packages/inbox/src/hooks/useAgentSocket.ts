/**
 * Owns the `/agent` socket for the workspace's lifetime and reports its connection state. An `unauthorized`
 * handshake failure or a `session.revoked` push ends the session (back to the login screen).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Socket } from 'socket.io-client';
import { SERVER_EVENTS } from '@parley/protocol/events';
import { connectAgent, listen } from '../socket.ts';

export type ConnectionStatus = 'connecting' | 'online' | 'offline';

/** Retry delays after the server refused the handshake for another reason than `unauthorized`. */
export const RETRY_MS = [1_000, 2_000, 5_000, 10_000, 30_000] as const;

export function useAgentSocket(onSessionEnded: () => void): { socket: Socket; status: ConnectionStatus } {
  const [socket] = useState(connectAgent);
  const [status, setStatus] = useState<ConnectionStatus>(socket.connected ? 'online' : 'connecting');
  const ended = useRef(onSessionEnded);
  ended.current = onSessionEnded;

  useEffect(() => {
    let retry: ReturnType<typeof setTimeout> | undefined;
    let attempts = 0;
    const offs = [
      listen(socket, 'connect', () => {
        attempts = 0;
        setStatus('online');
      }),
      listen(socket, 'disconnect', (reason) => {
        setStatus((s) => (s === 'connecting' ? s : 'offline'));
        // The server dropped us without a revoke (restart, expiry...): try again; an expired session then
        // fails the handshake with `unauthorized`.
        if (reason === 'io server disconnect') socket.connect();
      }),
      listen(socket, 'connect_error', (error) => {
        if (error instanceof Error && error.message === 'unauthorized') {
          socket.disconnect();
          ended.current();
        } else {
          setStatus('offline');
          // Transport failures reconnect by themselves; a refusal by the server's middleware does not.
          if (!socket.active) {
            clearTimeout(retry);
            retry = setTimeout(() => socket.connect(), RETRY_MS[Math.min(attempts++, RETRY_MS.length - 1)]);
          }
        }
      }),
      listen(socket, SERVER_EVENTS.sessionRevoked, () => {
        socket.disconnect();
        ended.current();
      }),
    ];
    return () => {
      for (const off of offs) off();
      clearTimeout(retry);
      socket.disconnect();
    };
  }, [socket]);

  return { socket, status };
}
