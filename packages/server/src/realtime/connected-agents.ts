import { NAMESPACES } from '@parley/protocol';
import type { Server } from 'socket.io';
import { rooms } from './rooms.ts';

type NamespaceAdapter = ReturnType<Server['of']>['adapter'] & { allRooms?: () => Promise<Set<string>> };

/**
 * Agents with at least one tab connected, on any node: every agent socket joins its agent's room, and the Redis
 * adapter lists the rooms of the whole cluster (the in-memory adapter those of this node, which is all of them).
 */
export function connectedAgents(io: Server): () => Promise<Set<string>> {
  const adapter = io.of(NAMESPACES.agent).adapter as NamespaceAdapter;
  const prefix = rooms.agent('');
  return async () => {
    const all = adapter.allRooms ? await adapter.allRooms() : new Set(adapter.rooms.keys());
    const agents = new Set<string>();
    for (const room of all) if (room.startsWith(prefix)) agents.add(room.slice(prefix.length));
    return agents;
  };
}
