/** Narrowing of untyped payloads (error details, socket events) before they reach state. */
import { AGENT_ROLES, MESSAGE_TYPES, type AgentProfile, type Conversation, type Message } from '@parley/protocol/model';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

export function isMessage(value: unknown): value is Message {
  return (
    isRecord(value) &&
    typeof value.id === 'string' &&
    typeof value.conversationId === 'string' &&
    typeof value.seq === 'number' &&
    typeof value.text === 'string' &&
    typeof value.createdAt === 'string' &&
    (MESSAGE_TYPES as readonly unknown[]).includes(value.type)
  );
}

export function isConversation(value: unknown): value is Conversation {
  return (
    isRecord(value) &&
    typeof value.id === 'string' &&
    typeof value.number === 'number' &&
    typeof value.version === 'number' &&
    typeof value.lastSeq === 'number' &&
    typeof value.status === 'string' &&
    typeof value.lastMessageAt === 'string'
  );
}

/** The messages a `stale_ticket` error reports in `details.missed` (an empty list when malformed). */
export function missedMessages(details: unknown): Message[] {
  if (!isRecord(details) || !Array.isArray(details.missed)) return [];
  return details.missed.filter(isMessage);
}

/** What changed under a draft, as a `stale_ticket` error tells it: reassigned (to whom) or resolved. */
export type StaleChange = { kind: 'reassigned'; assigneeId: string | null } | { kind: 'resolved' };

export function staleChange(details: unknown): StaleChange | null {
  if (!isRecord(details)) return null;
  const conversation = isConversation(details.conversation) ? details.conversation : null;
  if (details.changed === 'reassigned') return { kind: 'reassigned', assigneeId: conversation?.assigneeId ?? null };
  if (details.changed === 'resolved') return { kind: 'resolved' };
  return null;
}

/** `payload.message` of a `message.created` event, if well-formed. */
export function messageOf(payload: unknown): Message | null {
  return isRecord(payload) && isMessage(payload.message) ? payload.message : null;
}

/** `payload.conversation` of a `conversation.created` / `conversation.updated` event, if well-formed. */
export function conversationOf(payload: unknown): Conversation | null {
  return isRecord(payload) && isConversation(payload.conversation) ? payload.conversation : null;
}

/** `payload.conversations` of a `conversations.updated` frame: its well-formed entries (none when malformed). */
export function conversationsOf(payload: unknown): Conversation[] {
  return isRecord(payload) && Array.isArray(payload.conversations) ? payload.conversations.filter(isConversation) : [];
}

export function isAgentProfile(value: unknown): value is AgentProfile {
  return (
    isRecord(value) &&
    typeof value.id === 'string' &&
    typeof value.deskId === 'string' &&
    typeof value.name === 'string' &&
    typeof value.email === 'string' &&
    (AGENT_ROLES as readonly unknown[]).includes(value.role) &&
    typeof value.active === 'boolean' &&
    typeof value.initials === 'string' &&
    typeof value.availability === 'string' &&
    (value.capacity === null || typeof value.capacity === 'number')
  );
}

/** The well-formed entries of `GET /agents`' `agents` (an empty list when it is not a list). */
export function agentsOf(value: unknown): AgentProfile[] {
  return Array.isArray(value) ? value.filter(isAgentProfile) : [];
}
