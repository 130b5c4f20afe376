/**
 * A ticket's changes as lines of its timeline ("Mina assigned this to Billing"), as pure functions: which text, with
 * which names, and where each line sits among the messages.
 */
import type { ConversationStatus, Message, Priority, TicketActivity } from '@parley/protocol/model';
import type { MessageKey } from '../i18n.ts';

export interface ActivityText {
  key: MessageKey;
  params: Record<string, string>;
  /** A transfer's note or an escalation's reason, shown after the line ("…to Billing: please check the refund"). */
  note?: string;
}

/** How the lines name things: agents and teams by name, statuses and priorities in words, times for people. */
export interface ActivityNames {
  agent: (id: string | null) => string;
  team: (id: string) => string;
  status: (status: ConversationStatus) => string;
  priority: (priority: Priority) => string;
  time: (iso: string) => string;
  actor: (actor: TicketActivity['actor']) => string;
}

/** The lines one change makes (a change of several fields makes one line per field). */
export function activityTexts(activity: TicketActivity, names: ActivityNames): ActivityText[] {
  const { changes: c, cause } = activity;
  const actor = names.actor(activity.actor);
  if (cause === 'snooze_ended') return [{ key: 'activity.woke', params: {} }];
  if (cause === 'visitor_message') return c.status ? [{ key: 'activity.reopened', params: {} }] : [];
  if (cause === 'agent_reply') return c.assigneeId ? [{ key: 'activity.claimed', params: { actor } }] : [];
  if (cause === 'transfer') return [transferLine(activity, actor, names)];
  if (cause === 'contact_merge') return [{ key: 'activity.contactMerged', params: { actor } }];
  if (cause === 'escalation') {
    const to = c.priority ? names.priority(c.priority.to) : '';
    return [withNote({ key: 'activity.escalated', params: { actor, to } }, activity.note)];
  }
  if (cause === 'routing') {
    if (!c.assigneeId) return [];
    return c.assigneeId.to === null
      ? [{ key: 'activity.routedBack', params: { from: names.agent(c.assigneeId.from) } }]
      : [{ key: 'activity.routed', params: { to: names.agent(c.assigneeId.to) } }];
  }
  const lines: ActivityText[] = [];
  if (c.status?.to === 'snoozed' || (!c.status && c.snoozedUntil?.to)) {
    lines.push({ key: 'activity.snoozed', params: { actor, to: c.snoozedUntil?.to ? names.time(c.snoozedUntil.to) : '' } });
  } else if (c.status) {
    lines.push({ key: 'activity.status', params: { actor, to: names.status(c.status.to) } });
  }
  if (c.assigneeId) {
    const to = c.assigneeId.to;
    if (to === null) lines.push({ key: 'activity.unassigned', params: { actor } });
    else if (byThemselves(activity, to)) lines.push({ key: 'activity.took', params: { actor } });
    else lines.push({ key: 'activity.assigned', params: { actor, to: names.agent(to) } });
  }
  if (c.teamId) {
    lines.push(
      c.teamId.to === null
        ? { key: 'activity.teamNone', params: { actor } }
        : { key: 'activity.team', params: { actor, to: names.team(c.teamId.to) } },
    );
  }
  if (c.priority) lines.push({ key: 'activity.priority', params: { actor, to: names.priority(c.priority.to) } });
  if (c.tags) lines.push({ key: 'activity.tags', params: { actor, to: c.tags.to.join(', ') || '—' } });
  if (c.subject) lines.push({ key: 'activity.subject', params: { actor, to: c.subject.to } });
  return lines;
}

/** A transfer as one line: to the agent (of a team), to a team, or back to the team's queue; with its note. */
function transferLine(activity: TicketActivity, actor: string, names: ActivityNames): ActivityText {
  const c = activity.changes;
  const agent = c.assigneeId?.to ?? null;
  const team = c.teamId?.to ?? null;
  const self = agent !== null && byThemselves(activity, agent);
  let line: ActivityText;
  if (self && team !== null) line = { key: 'activity.movedAndTook', params: { actor, team: names.team(team) } };
  else if (self) line = { key: 'activity.took', params: { actor } };
  else if (agent !== null && team !== null) line = { key: 'activity.transferredBoth', params: { actor, to: names.agent(agent), team: names.team(team) } };
  else if (agent !== null) line = { key: 'activity.transferredAgent', params: { actor, to: names.agent(agent) } };
  else if (team !== null) line = { key: 'activity.transferredTeam', params: { actor, to: names.team(team) } };
  else if (c.teamId) line = { key: 'activity.teamNone', params: { actor } };
  else line = { key: 'activity.transferredQueue', params: { actor } };
  return withNote(line, activity.note);
}

/** The agent who made the change gave the ticket to themselves ("You took this", not "You assigned this to you"). */
const byThemselves = (activity: TicketActivity, agentId: string): boolean => activity.actor.type === 'agent' && activity.actor.id === agentId;

const withNote = (line: ActivityText, note: string | undefined): ActivityText => (note ? { ...line, note } : line);

/** `current` plus `incoming`, once per id, oldest first; `current` itself when nothing is new. */
export function mergeActivity(current: readonly TicketActivity[], incoming: readonly TicketActivity[]): readonly TicketActivity[] {
  const known = new Set(current.map((a) => a.id));
  const fresh = incoming.filter((a) => !known.has(a.id));
  if (fresh.length === 0) return current;
  return [...current, ...fresh].sort((a, b) => a.at.localeCompare(b.at));
}

export type TimelineItem = { kind: 'message'; message: Message } | { kind: 'activity'; activity: TicketActivity };

/** Messages and changes in time order; a change a message caused (same instant) comes right after it. */
export function timelineItems(messages: readonly Message[], activity: readonly TicketActivity[]): TimelineItem[] {
  const items: TimelineItem[] = [];
  let next = 0;
  for (const message of messages) {
    while (next < activity.length && activity[next]!.at < message.createdAt) items.push({ kind: 'activity', activity: activity[next++]! });
    items.push({ kind: 'message', message });
  }
  while (next < activity.length) items.push({ kind: 'activity', activity: activity[next++]! });
  return items;
}
