import type { Message } from '@parley/protocol';
import { AppError } from '../lib/app-error.ts';

/**
 * A stored clientMsgId answers a retry only for the author who stored it. Anyone else presenting it (an id read from a
 * message they were shown, or a clash) gets `conflict`, never someone else's message as their own acknowledgement.
 */
export function assertOwnRetry(stored: Message, authorId: string): Message {
  if (stored.authorId !== authorId) {
    throw new AppError('conflict', 'clientMsgId: this id belongs to another author\'s message in this conversation; send with a new id');
  }
  return stored;
}
