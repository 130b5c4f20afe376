import type { Message, MessageType } from '@parley/protocol';

/** A stored message as the server would send it. */
export function message(seq: number, overrides: Partial<Message> = {}): Message {
  const type: MessageType = overrides.type ?? 'agent';
  return {
    id: `m${seq}`,
    conversationId: 'c1',
    seq,
    clientMsgId: `client-msg-${seq}`,
    type,
    authorId: type === 'agent' ? 'agent-1' : null,
    authorName: type === 'agent' ? 'Mina' : null,
    text: `message ${seq}`,
    attachments: [],
    // deliberately out of order with seq: ordering must never follow timestamps
    createdAt: new Date(Date.UTC(2025, 0, 1, 12, 0, 60 - seq)).toISOString(),
    ...overrides,
  };
}
