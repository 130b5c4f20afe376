import type { Conversation, Message } from '@parley/protocol/model';

export function message(seq: number, patch: Partial<Message> = {}): Message {
  return {
    id: `m${seq}`,
    conversationId: 'c1',
    seq,
    clientMsgId: `client-${seq}-abcdef`,
    type: 'visitor',
    authorId: null,
    authorName: null,
    text: `message ${seq}`,
    attachments: [],
    createdAt: new Date(Date.UTC(2025, 0, 1, 12, 0, seq)).toISOString(),
    ...patch,
  };
}

export function conversation(id: string, patch: Partial<Conversation> = {}): Conversation {
  return {
    id,
    deskId: 'd1',
    number: 1,
    subject: 'Subject',
    status: 'open',
    priority: 'normal',
    channel: 'web',
    contactId: 'contact1',
    assigneeId: null,
    teamId: null,
    tags: [],
    snoozedUntil: null,
    lastSeq: 1,
    lastMessageAt: '2025-01-01T12:00:00.000Z',
    lastMessagePreview: 'Hello',
    createdAt: '2025-01-01T11:00:00.000Z',
    updatedAt: '2025-01-01T12:00:00.000Z',
    version: 1,
    ...patch,
  };
}
