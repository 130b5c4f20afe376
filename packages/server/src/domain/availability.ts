import type { DeskAvailability } from '@parley/protocol';
import type { AgentRecord } from '../store/types.ts';

/**
 * Whether someone would answer a visitor now: `online` when an active agent who chose online is there (`present` in
 * routing.ts: a tab open, or one within the grace period, as routing counts them), `away` when only agents who chose
 * away are there, else `offline`.
 */
export function deskAvailability(agents: readonly Pick<AgentRecord, 'id' | 'active' | 'availability'>[], present: (agentId: string) => boolean): DeskAvailability {
  let away = false;
  for (const agent of agents) {
    if (!agent.active || !present(agent.id)) continue;
    if (agent.availability === 'online') return 'online';
    if (agent.availability === 'away') away = true;
  }
  return away ? 'away' : 'offline';
}
