import type { AgentPresence, Composing } from '@parley/protocol';
import type { PresenceEntry } from './board.ts';

const rank = (c: Composing) => (c === 'reply' ? 2 : c === 'note' ? 1 : 0);

/** One entry per agent, their tabs merged: viewing beats background, a reply beats a note beats nothing. */
export function mergeTabs(entries: readonly PresenceEntry[]): AgentPresence[] {
  const byAgent = new Map<string, AgentPresence>();
  for (const e of entries) {
    const known = byAgent.get(e.agentId);
    if (!known) {
      byAgent.set(e.agentId, { agentId: e.agentId, name: e.name, state: e.state, composing: e.composing });
      continue;
    }
    if (e.state === 'viewing') known.state = 'viewing';
    if (rank(e.composing) > rank(known.composing)) known.composing = e.composing;
  }
  return [...byAgent.values()].sort((a, b) => a.name.localeCompare(b.name) || a.agentId.localeCompare(b.agentId));
}
