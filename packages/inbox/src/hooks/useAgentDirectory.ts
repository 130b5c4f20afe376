/**
 * The desk's agents by id (`GET /api/v1/agents`): loaded once signed in, and again after a reconnect or a
 * `resync` push. A failed load keeps what was known (assignees then show as "another agent" until it works).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Socket } from 'socket.io-client';
import type { AgentProfile } from '@parley/protocol/model';
import * as api from '../api.ts';
import { onCatchUp } from '../socket.ts';
import { createDirectory, type AgentDirectory } from '../state/agents.ts';
import { agentsOf } from '../state/guards.ts';

export function useAgentDirectory(socket: Socket, self: AgentProfile): AgentDirectory {
  const [directory, setDirectory] = useState<AgentDirectory>(() => createDirectory([], self));
  const loadToken = useRef(0);

  useEffect(() => {
    let alive = true;
    const load = async () => {
      const token = ++loadToken.current;
      const answer = await api.agents();
      if (!alive || token !== loadToken.current || !answer.ok) return;
      setDirectory(createDirectory(agentsOf(answer.agents), self));
    };
    void load();
    // The first connection follows the load above; later ones (and `resync`) may mean missed changes.
    let connectedBefore = socket.connected;
    const off = onCatchUp(socket, (reason) => {
      if (reason === 'connect' && !connectedBefore) {
        connectedBefore = true;
        return;
      }
      void load();
    });
    return () => {
      alive = false;
      off();
    };
  }, [socket, self]);

  return directory;
}
