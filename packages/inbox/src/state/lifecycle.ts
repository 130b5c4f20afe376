/**
 * The ticket lifecycle as the inbox offers it: the status changes the server allows (`canTransition`, defined once in
 * @parley/protocol), and what a closed ticket still takes. The status select offers only those changes; a shortcut
 * asking for another says why nothing happens, in the agent's language, instead of sending a change the server
 * refuses.
 */
import type { ErrorBody } from '@parley/protocol/errors';
import type { ConversationStatus } from '@parley/protocol/model';
import { reasonOf } from './form-errors.ts';

export { canTransition } from '@parley/protocol/lifecycle';

/** A closed ticket is final: it takes no more replies (notes still go) and no other change. */
export function isFinal(status: ConversationStatus): boolean {
  return status === 'closed';
}

/** Whether the server refused a change or a reply because the ticket is closed (`details.reason: 'closed'`). */
export function refusedAsClosed(error: ErrorBody): boolean {
  return reasonOf(error) === 'closed';
}
