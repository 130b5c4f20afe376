import { CHANNELS, CONVERSATION_STATUSES, MESSAGE_TYPES, PRIORITIES } from '@parley/protocol';
import { z } from 'zod';

/**
 * The catalogue of domain events: one schema per event, in one place. Every change of a ticket, by a person or by a
 * rule, is one of these. They are committed together with the change they describe (the event log is the outbox),
 * and consumers (realtime fan-out; later webhooks, e-mail, SLA timers, reports) read them back.
 */
const change = <T extends z.ZodType>(value: T) => z.object({ from: value, to: value }).strict();

export const TicketChanges = z
  .object({
    status: change(z.enum(CONVERSATION_STATUSES)),
    priority: change(z.enum(PRIORITIES)),
    assigneeId: change(z.string().nullable()),
    subject: change(z.string()),
    tags: change(z.array(z.string())),
    teamId: change(z.string().nullable()),
    snoozedUntil: change(z.string().nullable()),
  })
  .partial()
  .strict();
export type TicketChanges = z.infer<typeof TicketChanges>;

/** Why a ticket changed: a person's edit, or the rule a message triggered. */
export const CHANGE_CAUSES = ['edit', 'visitor_message', 'agent_reply', 'snooze_ended', 'routing', 'transfer', 'escalation'] as const;

export const EVENT_SCHEMAS = {
  /** A ticket came to be; committed with its first message. */
  'conversation.created': z.object({ number: z.number().int(), channel: z.enum(CHANNELS) }).strict(),
  'message.created': z.object({ messageId: z.string(), seq: z.number().int(), type: z.enum(MESSAGE_TYPES) }).strict(),
  /** An agent was mentioned in a note; committed with the note. */
  'note.mentioned': z.object({ messageId: z.string(), seq: z.number().int(), agentId: z.string(), excerpt: z.string() }).strict(),
  /** `note`: a transfer's internal note or an escalation's reason (agents only). */
  'ticket.updated': z.object({ changes: TicketChanges, cause: z.enum(CHANGE_CAUSES), note: z.string().optional() }).strict(),
  /** A ticket was handed to a team and/or an agent (committed with its ticket.updated); `recipients` are notified. */
  'ticket.transferred': z
    .object({ teamId: z.string().nullable(), assigneeId: z.string().nullable(), note: z.string(), recipients: z.array(z.string()) })
    .strict(),
  /** A ticket's priority went up one level (committed with its ticket.updated); `recipients` are notified (urgent only). */
  'ticket.escalated': z
    .object({ from: z.enum(PRIORITIES), to: z.enum(PRIORITIES), reason: z.string(), recipients: z.array(z.string()) })
    .strict(),
  /**
   * A duplicate contact was merged into another: its tickets (`conversationIds`) moved to the target. One event for
   * the whole merge; the timelines of those tickets show it.
   */
  'contact.merged': z
    .object({ sourceId: z.string(), targetId: z.string(), conversationIds: z.array(z.string()), fields: z.array(z.string()) })
    .strict(),
  // Audit events that change no ticket.
  'agent.created': z.object({ agentId: z.string(), role: z.string() }).strict(),
  /** An account changed (which fields; never their values when they are secret). */
  'agent.updated': z.object({ agentId: z.string(), fields: z.array(z.string()) }).strict(),
  'agent.password_changed': z.object({ agentId: z.string(), by: z.enum(['self', 'admin']) }).strict(),
  /** An admin changed the desk's settings (which fields; the identity secret's value is never logged). */
  'desk.updated': z.object({ fields: z.array(z.string()), version: z.number().int() }).strict(),
  'contact.updated': z.object({ contactId: z.string(), fields: z.array(z.string()) }).strict(),
  'canned.created': z.object({ cannedId: z.string() }).strict(),
  'canned.updated': z.object({ cannedId: z.string() }).strict(),
  'canned.deleted': z.object({ cannedId: z.string() }).strict(),
  'team.created': z.object({ teamId: z.string(), name: z.string() }).strict(),
  'team.updated': z.object({ teamId: z.string(), fields: z.array(z.string()) }).strict(),
  'agent.login': z.object({}).strict(),
  'agent.login_failed': z.object({ ip: z.string() }).strict(),
  'visitor.identity_rejected': z.object({ ip: z.string() }).strict(),
} as const;

export type EventType = keyof typeof EVENT_SCHEMAS;
export type EventData<K extends EventType> = z.infer<(typeof EVENT_SCHEMAS)[K]>;

export interface EventActor {
  type: 'visitor' | 'agent' | 'system';
  id: string | null;
}

interface EventBase {
  /** Deterministic for events a message caused (`<messageId>.<n>`), so a repeated commit step never doubles them. */
  id: string;
  deskId: string;
  conversationId: string | null;
  actor: EventActor;
  at: string;
}

export type DomainEvent = { [K in EventType]: EventBase & { type: K; data: EventData<K> } }[EventType];
export type EventOf<K extends EventType> = Extract<DomainEvent, { type: K }>;

/** Consumers that must see every event at least once; each one acknowledges what it has handled. */
export const EVENT_CONSUMERS = ['fanout'] as const;
export type EventConsumer = (typeof EVENT_CONSUMERS)[number];

export function makeEvent<K extends EventType>(type: K, base: EventBase, data: EventData<K>): EventOf<K> {
  return { ...base, type, data } as EventOf<K>;
}

/** For events read back from storage: the type must be known and the data must match its schema. */
export function parseEvent(raw: EventBase & { type: string; data: unknown }): DomainEvent {
  const schema = EVENT_SCHEMAS[raw.type as EventType];
  if (!schema) throw new Error(`unknown event type ${raw.type}`);
  return { ...raw, data: schema.parse(raw.data) } as DomainEvent;
}
