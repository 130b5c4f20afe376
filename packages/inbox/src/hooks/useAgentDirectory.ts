/**
 * The desk's agents by id (`GET /api/v1/agents`): loaded once signed in, and again after a reconnect or a
 * `resync` push; an `agent.updated` push (a colleague renamed, deactivated…) changes its entry at once. A failed
 * load keeps what was known (assignees then show as "another agent" until it works).
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { Socket } from 'socket.io-client';
import { SERVER_EVENTS } from '@parley/protocol/events';
import type { AgentProfile } from '@parley/protocol/model';
import * as api from '../api.ts';
import { listen, onCatchUp } from '../socket.ts';
import { createDirectory, withAgent, type AgentDirectory } from '../state/agents.ts';
import { agentsOf } from '../state/guards.ts';
import { agentUpdateOf } from '../state/settings-guards.ts';

export interface Directory {
  directory: AgentDirectory;
  /** An account as the server answered a change to it (the push follows; this shows it without waiting). */
  learn: (agent: AgentProfile) => void;
}

export function useAgentDirectory(socket: Socket, self: AgentProfile): Directory {
  const [directory, setDirectory] = useState<AgentDirectory>(() => createDirectory([], self));
  const loadToken = useRef(0);
  const learn = useCallback((agent: AgentProfile) => setDirectory((d) => withAgent(d, agent)), []);
  // The signed-in agent's own changes do not call for a reload (the server's list has them too).
  const selfRef = useRef(self);
  selfRef.current = self;

  useEffect(() => {
    let alive = true;
    const load = async () => {
      const token = ++loadToken.current;
      const answer = await api.agents();
      if (!alive || token !== loadToken.current || !answer.ok) return;
      setDirectory(createDirectory(agentsOf(answer.agents), selfRef.current));
    };
    void load();
    // The first connection follows the load above; later ones (and `resync`) may mean missed changes.
    let connectedBefore = socket.connected;
    const offs = [
      onCatchUp(socket, (reason) => {
        if (reason === 'connect' && !connectedBefore) {
          connectedBefore = true;
          return;
        }
        void load();
      }),
      listen(socket, SERVER_EVENTS.agentUpdated, (payload) => {
        const agent = agentUpdateOf(payload);
        if (agent) learn(agent);
      }),
    ];
    return () => {
      alive = false;
      for (const off of offs) off();
    };
  }, [socket, learn]);

  return { directory, learn };
}
