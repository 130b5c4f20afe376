import { NAMESPACES } from '@parley/protocol';
import type { Server } from 'socket.io';
import { rooms } from '../../realtime/rooms.ts';
import type { ServiceDeps } from '../../services/deps.ts';
import type { AgentRecord } from '../../store/types.ts';

/** Between nodes (through the Redis adapter): "this agent's account changed, read it again". */
const AGENT_CHANGED = 'parley:agent-changed';

/** What an /agent socket knows of its agent; its handlers read it at each event, never a copy from the connection. */
export interface AgentData {
  agent: AgentRecord;
}

export function socketAgent(data: unknown): AgentRecord {
  return (data as AgentData).agent;
}

/**
 * An account changed (a rename, a role, availability): every open socket of that agent, on every node, takes the
 * account as it is now, so the next reply, typing signal or presence carries the new name at once. The node where it
 * changed has the record already; each other node reads it once. Nothing is read per message.
 */
export function wireAgentRefresh(io: Server, deps: Pick<ServiceDeps, 'bus' | 'log' | 'store'>, opts: { peers: boolean }): () => void {
  const nsp = io.of(NAMESPACES.agent);
  const localSockets = (agentId: string) => [...(nsp.adapter.rooms.get(rooms.agent(agentId)) ?? [])].flatMap((id) => nsp.sockets.get(id) ?? []);
  const apply = (agent: AgentRecord): void => {
    for (const socket of localSockets(agent.id)) (socket.data as AgentData).agent = agent;
  };
  // agentId → the latest read asked for it on this node: an older answer never overwrites a newer one.
  const reads = new Map<string, number>();
  const reread = (agentId: string): void => {
    if (localSockets(agentId).length === 0) return;
    const mine = (reads.get(agentId) ?? 0) + 1;
    reads.set(agentId, mine);
    const done = () => reads.get(agentId) === mine && reads.delete(agentId);
    deps.store.getAgent(agentId).then(
      (agent) => {
        if (reads.get(agentId) === mine && agent) apply(agent);
        done();
      },
      (err: unknown) => {
        done();
        deps.log.warn({ err }, 'reading a changed account for its sockets failed');
      },
    );
  };
  const onPeer = (agentId: unknown): void => {
    if (typeof agentId === 'string') reread(agentId);
  };
  io.on(AGENT_CHANGED, onPeer);
  const off = deps.bus.on('agent.changed', ({ agent }) => {
    reads.delete(agent.id); // a read still in flight here is older than this record
    apply(agent);
    // Without Redis there are no other nodes (and the in-memory adapter refuses server-side emits).
    if (opts.peers) io.serverSideEmit(AGENT_CHANGED, agent.id);
  });
  return () => {
    io.off(AGENT_CHANGED, onPeer);
    off();
  };
}
