import mongoose from 'mongoose';
import type { Model } from 'mongoose';
import type { Message, MessageType } from '@parley/protocol';
import { previewOfMessage } from '../../lib/preview.ts';
import { DuplicateKeyError } from '../errors.ts';
import type { AppendGuard, AppendResult, NewMessage } from '../types.ts';
import { isDuplicateKey } from './errors.ts';
import { messageFromDoc, messageToDoc } from './map.ts';
import type { ConversationDoc } from './schemas/conversation.ts';
import type { MessageDoc } from './schemas/message.ts';

/**
 * appendMessage, the database way. Correct across any number of server processes without transactions:
 *
 * - The unique (conversationId, seq) index decides who gets a seq: an insert succeeds only at a seq no
 *   one holds. Every attempt uses (highest stored seq) + 1, or the conversation's lastSeq + 1 as a cheap
 *   first guess (lastSeq only ever names a stored message), so the stored seqs are always exactly 1..max:
 *   gap-free and duplicate-free. A duplicate-seq error means another node won that seq: re-read the
 *   highest seq and try again.
 * - The unique (conversationId, clientMsgId) index makes the insert idempotent: a duplicate-key error
 *   whose clientMsgId is now stored returns that message with `created: false`.
 *   (FerretDB 1.24's E11000 error does not say which index refused, so the cause is found by re-reading;
 *   that also works on MongoDB.)
 * - The stale-reply guard is re-checked before every attempt. The check sees every message below the seq
 *   being tried (gap-free), and the insert at that seq succeeds only if nothing newer landed, so "check,
 *   then insert" is atomic with respect to every other append on every node.
 * - The message insert is the commit point. The conversation's lastSeq/lastMessageAt/lastMessagePreview
 *   are advanced afterwards with conditional updates that never move backwards; if that step is cut off
 *   (server gone), the next append to the conversation, or the client's retry of the same clientMsgId,
 *   completes it.
 *
 * Callers serialise appends per conversation inside one process (KeyedMutex) so that contention is only
 * ever between processes.
 */

export interface AppendModels {
  messages: Model<MessageDoc>;
  conversations: Model<ConversationDoc>;
}

/** Seq collisions only happen against other processes; each costs one retry. */
const MAX_ATTEMPTS = 50;
const PUBLIC_TYPES: readonly MessageType[] = ['visitor', 'agent'];

export async function appendMessage(
  m: AppendModels,
  input: NewMessage,
  id: string,
  at: string,
  guard?: AppendGuard,
): Promise<AppendResult> {
  const stored = await findByClientMsgId(m, input);
  if (stored) return repeated(m, stored);
  const conversation = await m.conversations
    .findById(input.conversationId)
    .select({ lastSeq: 1 })
    .lean<Pick<ConversationDoc, '_id' | 'lastSeq'>>()
    .exec();
  if (!conversation) throw new Error(`conversation ${input.conversationId} does not exist`);

  let seq = (conversation.lastSeq ?? 0) + 1;
  for (let attempt = 1; ; attempt++) {
    if (guard) {
      const stale = await staleReplies(m, input.conversationId, guard);
      if (stale.length > 0) return { stale };
    }
    const message: Message = {
      id,
      conversationId: input.conversationId,
      seq,
      clientMsgId: input.clientMsgId,
      type: input.type,
      authorId: input.authorId,
      authorName: input.authorName,
      text: input.text,
      attachments: input.attachments,
      createdAt: at,
    };
    try {
      await m.messages.create(messageToDoc(message));
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const winner = await findByClientMsgId(m, input);
      if (winner) return repeated(m, winner);
      const top = await highestSeq(m, input.conversationId);
      // Neither the clientMsgId nor the seq was taken: the message id itself is.
      if (top < seq && (await m.messages.exists({ _id: id }))) throw new DuplicateKeyError('id');
      if (attempt >= MAX_ATTEMPTS) {
        throw new Error(`could not assign a seq in conversation ${input.conversationId} after ${attempt} attempts`);
      }
      seq = Math.max(top, seq) + 1;
      continue;
    }
    await advanceConversation(m, message);
    return { message, created: true };
  }
}

async function repeated(m: AppendModels, stored: Message): Promise<AppendResult> {
  await advanceConversation(m, stored); // completes an advance that an outage may have cut off
  return { message: stored, created: false };
}

async function findByClientMsgId(m: AppendModels, input: NewMessage): Promise<Message | null> {
  const doc = await m.messages
    .findOne({ conversationId: input.conversationId, clientMsgId: input.clientMsgId })
    .lean<MessageDoc>()
    .exec();
  return doc ? messageFromDoc(doc) : null;
}

async function highestSeq(m: AppendModels, conversationId: string): Promise<number> {
  const top = await m.messages
    .findOne({ conversationId })
    .sort({ seq: -1 })
    .select({ seq: 1 })
    .lean<Pick<MessageDoc, '_id' | 'seq'>>()
    .exec();
  return top?.seq ?? 0;
}

/** Public replies by anyone but the guard's author after the seq the author had seen. */
async function staleReplies(m: AppendModels, conversationId: string, guard: AppendGuard): Promise<Message[]> {
  const docs = await m.messages
    .find({
      conversationId,
      // Operators we write ourselves are marked trusted; sanitizeFilter wraps any other `$` object in $eq.
      seq: mongoose.trusted({ $gt: guard.afterSeq }),
      type: mongoose.trusted({ $in: [...PUBLIC_TYPES] }),
      authorId: mongoose.trusted({ $ne: guard.authorId }),
    })
    .sort({ seq: 1 })
    .lean<MessageDoc[]>()
    .exec();
  return docs.map(messageFromDoc);
}

/**
 * Moves the conversation's summary forward to `message`, never backwards, without touching its version.
 * lastSeq follows every message; lastMessageAt/lastMessagePreview follow public messages only and are
 * guarded by their own seq (previewSeq), so a public message that lost the race to a newer note on another
 * node still updates the preview.
 */
async function advanceConversation(m: AppendModels, message: Message): Promise<void> {
  const olderThan = mongoose.trusted({ $lt: message.seq });
  if (PUBLIC_TYPES.includes(message.type)) {
    const res = await m.conversations.updateOne(
      { _id: message.conversationId, previewSeq: olderThan },
      {
        $set: {
          lastMessageAt: message.createdAt,
          lastMessagePreview: previewOfMessage(message),
          previewSeq: message.seq,
        },
        $max: { lastSeq: message.seq },
      },
    );
    if (res.matchedCount > 0) return;
  }
  await m.conversations.updateOne(
    { _id: message.conversationId, lastSeq: olderThan },
    { $set: { lastSeq: message.seq } },
  );
}
