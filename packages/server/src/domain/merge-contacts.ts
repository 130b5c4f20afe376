import type { Conversation } from '@parley/protocol';
import { makeEvent, type DomainEvent, type EventActor } from '../events/catalogue.ts';
import { AppError } from '../lib/app-error.ts';
import type { ContactChange, ContactRecord } from '../store/types.ts';

/** Why a merge was refused (`details.reason`). */
export type MergeRefusal = 'same_contact' | 'already_merged' | 'both_open';

type Field = 'name' | 'email' | 'phone';
const FIELDS: readonly Field[] = ['name', 'email', 'phone'];

/**
 * A duplicate contact (the source) merged into another (the target), as Chatwoot and Zendesk merge end users:
 *   - the target's fields win; a field it lacks is taken from the source (name, e-mail, phone), and attributes are
 *     combined the same way (the target's value for a key it has);
 *   - a field is verified only if its value is one the customer's site signed: the target's flag for its own value,
 *     the source's for a value taken from it (or for the same value, signed on the source);
 *   - the source's tickets all move to the target; where both have a live (not closed) ticket on one channel the
 *     merge is refused (`both_open`: a contact has one live ticket per channel; close one first);
 *   - a contact is not merged into itself, and a merged contact is neither merged again nor merged into (but a merge
 *     cut off half-way is finished by merging the same pair again).
 * Returns the target's change and the one `contact.merged` event (naming the moved tickets, for their timelines).
 */
export function mergeContactRecords(
  source: ContactRecord,
  target: ContactRecord,
  tickets: { source: readonly Pick<Conversation, 'id' | 'status' | 'channel'>[]; target: readonly Pick<Conversation, 'status' | 'channel'>[] },
  ctx: { actor: EventActor; eventId: string; at: string },
): { change: ContactChange; event: DomainEvent } {
  if (source.id === target.id) throw new AppError('invalid_input', 'targetId: a contact cannot be merged into itself', { field: 'targetId', reason: 'same_contact' });
  // A source merged into this very target with tickets left is an interrupted merge (MongoDB): doing it again finishes it.
  const resuming = source.mergedInto === target.id && tickets.source.length > 0;
  if ((source.mergedInto && !resuming) || target.mergedInto) {
    throw new AppError('conflict', 'This contact was already merged', { field: target.mergedInto ? 'targetId' : 'id', reason: 'already_merged' });
  }
  const liveChannels = new Set(tickets.target.filter((t) => t.status !== 'closed').map((t) => t.channel));
  const clashing = tickets.source.filter((t) => t.status !== 'closed' && liveChannels.has(t.channel)).map((t) => t.id);
  if (clashing.length > 0) {
    throw new AppError('conflict', 'Both contacts have an unclosed ticket on the same channel: close one of them first', {
      reason: 'both_open',
      conversationIds: clashing,
    });
  }

  const change: ContactChange = {};
  const taken: string[] = [];
  for (const field of FIELDS) {
    if (target[field] === null && source[field] !== null) {
      change[field] = source[field];
      taken.push(field);
    }
  }
  const verified = { ...target.verified };
  for (const field of ['name', 'email'] as const) {
    if (change[field] !== undefined) verified[field] = source.verified[field];
    else if (target[field] !== null && target[field] === source[field]) verified[field] = target.verified[field] || source.verified[field];
  }
  if (verified.name !== target.verified.name || verified.email !== target.verified.email) change.verified = verified;
  const added = Object.keys(source.attributes).filter((key) => !(key in target.attributes));
  if (added.length > 0) {
    change.attributes = { ...source.attributes, ...target.attributes };
    taken.push('attributes');
  }
  const event = makeEvent(
    'contact.merged',
    { id: ctx.eventId, deskId: target.deskId, conversationId: null, actor: ctx.actor, at: ctx.at },
    { sourceId: source.id, targetId: target.id, conversationIds: tickets.source.map((t) => t.id), fields: taken },
  );
  return { change, event };
}
