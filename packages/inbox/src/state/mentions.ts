/**
 * @mentions in internal notes: the colleagues an `@query` matches, and which chosen mentions are still in the text
 * when the note is sent (an `@Name` the agent deleted mentions nobody).
 */
import type { AgentProfile } from '@parley/protocol/model';
import { MAX_MENTIONS } from '@parley/protocol/notifications';

export interface Mentioned {
  id: string;
  name: string;
}

/** How many colleagues the picker lists at most. */
export const MENTION_OPTIONS = 8;

/** Active colleagues (never the agent themself) matching `query`: by name (its start, then a word's), then e-mail. */
export function matchAgents(agents: Iterable<AgentProfile>, query: string, selfId: string, locale: string): AgentProfile[] {
  const q = query.trim().toLowerCase();
  const collator = new Intl.Collator(locale, { sensitivity: 'base' });
  const rank = (a: AgentProfile): number => {
    if (q === '') return 0;
    const name = a.name.toLowerCase();
    const email = a.email.toLowerCase();
    if (name.startsWith(q)) return 0;
    if (name.split(/\s+/u).some((word) => word.startsWith(q))) return 1;
    if (email.startsWith(q)) return 2;
    if (name.includes(q)) return 3;
    if (email.includes(q)) return 4;
    return 5;
  };
  return [...agents]
    .filter((a) => a.active && a.id !== selfId)
    .map((agent) => ({ agent, r: rank(agent) }))
    .filter((x) => x.r < 5)
    .sort((a, b) => a.r - b.r || collator.compare(a.agent.name, b.agent.name) || a.agent.id.localeCompare(b.agent.id))
    .slice(0, MENTION_OPTIONS)
    .map((x) => x.agent);
}

export const mentionText = (name: string): string => `@${name}`;

/** Whether `@name` appears in `text` as a whole mention (not the start of a longer name: `@Mina Parker`). */
function mentions(text: string, name: string): boolean {
  const token = mentionText(name);
  for (let at = text.indexOf(token); at >= 0; at = text.indexOf(token, at + 1)) {
    const next = text.charAt(at + token.length);
    if (next === '' || !/[\p{L}\p{N}_]/u.test(next)) return true;
  }
  return false;
}

/** The ids to send as `mentions`: those chosen whose `@Name` is still in the text, once each, at most the server's limit. */
export function mentionsIn(text: string, chosen: readonly Mentioned[]): string[] {
  const ids: string[] = [];
  for (const m of chosen) {
    if (!ids.includes(m.id) && mentions(text, m.name)) ids.push(m.id);
  }
  return ids.slice(0, MAX_MENTIONS);
}

/** The chosen list with one more (a later choice of the same colleague replaces the earlier one: a new name). */
export function remember(chosen: readonly Mentioned[], next: Mentioned): Mentioned[] {
  return [...chosen.filter((m) => m.id !== next.id || m.name !== next.name), next];
}
