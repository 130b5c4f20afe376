import { expect } from 'vitest';
import { recordMessage } from '../../src/domain/record-message.ts';
import type { MongoStore } from '../../src/store/mongo/mongo-store.ts';
import { openKeyFor } from '../../src/store/records.ts';
import type { ConversationRecord, MessageStep, NewMessage, StepOutcome } from '../../src/store/types.ts';

/** Helpers of the MongoDB store's own tests: tickets, messages and message steps as the services make them. */

let n = 0;
export const uid = (p: string) => `${p}${Date.now().toString(36)}${(n++).toString(36)}${Math.random().toString(36).slice(2, 8)}`;
export const now = () => new Date().toISOString();

export async function newConversation(store: MongoStore, deskId: string, over: Partial<ConversationRecord> = {}): Promise<ConversationRecord> {
  const base: ConversationRecord = {
    id: uid('c'), deskId, number: await store.nextTicketNumber(deskId), subject: 'Help', status: 'new',
    priority: 'normal', channel: 'web', contactId: uid('ct'), assigneeId: null, teamId: null, tags: [], snoozedUntil: null, lastSeq: 0,
    lastMessageAt: now(), lastMessagePreview: '', createdAt: now(), updatedAt: now(), version: 0, openKey: '', ...over,
  };
  return store.createConversation({ ...base, openKey: openKeyFor(base) });
}

export const msg = (conversationId: string, text: string, over: Partial<NewMessage> = {}): NewMessage => ({
  conversationId, clientMsgId: uid('cm000000'), type: 'visitor', authorId: null, authorName: null, text, attachments: [], ...over,
});

/** A message step as the services build it: a fresh server id per attempt, the real ticket rule. */
export const step = (input: NewMessage, over: Partial<MessageStep> = {}): MessageStep => ({
  message: { id: uid('msg'), createdAt: now(), ...input },
  decide: recordMessage,
  ...over,
});

export type Outcome<S extends StepOutcome['status']> = Extract<StepOutcome, { status: S }>;
export function expectStatus<S extends StepOutcome['status']>(outcome: StepOutcome, status: S): Outcome<S> {
  expect(outcome.status).toBe(status);
  return outcome as Outcome<S>;
}
