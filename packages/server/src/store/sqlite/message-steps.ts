import type { Database, Statement } from 'better-sqlite3';
import type { Message } from '@parley/protocol';
import type { ItemResult } from '../../lib/batcher.ts';
import { ticketAfterMessage } from '../records.ts';
import type { ConversationRecord, MessageStep, StepOutcome } from '../types.ts';
import { conversationFromRow, conversationToRow, eventToRow, messageFromRow, messageToRow, type ConversationRow, type MessageRow } from './rows.ts';
import { changeUnderDraft } from '../../domain/draft-guard.ts';
import { decideStep } from '../../domain/mentions.ts';

/** A statement failed half-way through a step: the batch is rolled back and its steps are committed one by one. */
class StepFailed extends Error {
  constructor(readonly reason: unknown) {
    super('a step of the batch failed');
  }
}

const TICKETS_REMEMBERED = 10_000;

export class SqliteMessageSteps {
  private readonly getConversation: Statement<[string], ConversationRow>;
  private readonly insertMessage: Statement<MessageRow>;
  private readonly byClientMsgId: Statement<[string, string], MessageRow>;
  private readonly missedReplies: Statement<{ conversationId: string; afterSeq: number; beforeSeq: number; authorId: string }, MessageRow>;
  private readonly updateTicket: Statement<ConversationRow>;
  /** A message that changes nothing but the summary: SQLite updates only the indexes of the columns a statement sets. */
  private readonly updateSummary: Statement<Pick<ConversationRow, 'id' | 'last_seq' | 'last_message_at' | 'last_message_preview'>>;
  private readonly insertEvent: Statement<ReturnType<typeof eventToRow>>;
  private readonly batch: (steps: MessageStep[]) => Array<ItemResult<StepOutcome>>;
  /**
   * Tickets as the last committed step left them: this connection is the file's only writer, so a ticket read once
   * stays right until a write here changes it (a step updates it, `forget` drops it, a rollback drops them all).
   * Saves a read and a row decoding per message.
   */
  private readonly tickets = new Map<string, ConversationRecord>();

  constructor(db: Database) {
    this.getConversation = db.prepare('SELECT * FROM conversations WHERE id = ?');
    this.insertMessage = db.prepare(
      `INSERT INTO messages (conversation_id, seq, id, client_msg_id, type, author_id, author_name, text, attachments, created_at)
       VALUES (@conversation_id, @seq, @id, @client_msg_id, @type, @author_id, @author_name, @text, @attachments, @created_at)
       ON CONFLICT (conversation_id, client_msg_id) DO NOTHING`,
    );
    this.byClientMsgId = db.prepare('SELECT * FROM messages WHERE conversation_id = ? AND client_msg_id = ?');
    this.missedReplies = db.prepare(
      `SELECT * FROM messages WHERE conversation_id = @conversationId AND seq > @afterSeq AND seq < @beforeSeq
       AND type IN ('visitor', 'agent') AND (author_id IS NULL OR author_id <> @authorId) ORDER BY seq`,
    );
    this.updateTicket = db.prepare(
      `UPDATE conversations SET subject = @subject, status = @status, priority = @priority, assignee_id = @assignee_id,
       tags = @tags, last_seq = @last_seq, last_message_at = @last_message_at, last_message_preview = @last_message_preview,
       updated_at = @updated_at, version = @version, open_key = @open_key, team_id = @team_id, snoozed_until = @snoozed_until
       WHERE id = @id`,
    );
    this.updateSummary = db.prepare(
      'UPDATE conversations SET last_seq = @last_seq, last_message_at = @last_message_at, last_message_preview = @last_message_preview WHERE id = @id',
    );
    this.insertEvent = db.prepare(
      `INSERT INTO events (id, desk_id, type, conversation_id, actor_type, actor_id, data, at)
       VALUES (@id, @desk_id, @type, @conversation_id, @actor_type, @actor_id, @data, @at) ON CONFLICT (id) DO NOTHING`,
    );
    // The search index follows in batches (search-indexer.ts), not in these transactions.
    const oneByOne = db.transaction((step: MessageStep) => this.apply(step));
    const together = db.transaction((steps: MessageStep[]) => steps.map((step) => this.attempt(step)));
    this.batch = (steps) => {
      try {
        return together(steps);
      } catch (err) {
        this.tickets.clear();
        if (!(err instanceof StepFailed)) throw err;
        return steps.map((step): ItemResult<StepOutcome> => {
          try {
            return { ok: true, value: oneByOne(step) };
          } catch (error) {
            this.tickets.delete(step.message.conversationId);
            return { ok: false, error: error instanceof StepFailed ? error.reason : error };
          }
        });
      }
    };
  }

  /** A ticket was changed outside a message step. */
  forget(conversationId: string): void {
    this.tickets.delete(conversationId);
  }

  /** Commits the batch; one durable transaction for all of its steps. */
  commit(steps: MessageStep[]): Array<ItemResult<StepOutcome>> {
    return this.batch(steps);
  }

  /** A step inside the batch: a failure before any write answers that step alone; after one, the batch rolls back. */
  private attempt(step: MessageStep): ItemResult<StepOutcome> {
    try {
      return { ok: true, value: this.apply(step) };
    } catch (err) {
      if (err instanceof StepFailed) throw err;
      return { ok: false, error: err };
    }
  }

  private apply(step: MessageStep): StepOutcome {
    const ticket = this.ticket(step.message.conversationId);
    if (!ticket) return { status: 'missing' };
    const message: Message = { ...step.message, seq: ticket.lastSeq + 1 };
    // Reads and the decision first: nothing is written for a step that does not commit.
    if (step.guard) {
      const { afterSeq, authorId, seen } = step.guard;
      const missed = this.missedReplies.all({ conversationId: ticket.id, afterSeq, beforeSeq: message.seq, authorId });
      const changed = seen ? changeUnderDraft(ticket, seen, authorId) : null;
      if (missed.length > 0 || changed) return this.storedAlready(message, ticket) ?? { status: 'stale', missed: missed.map(messageFromRow), changed, ticket };
    }
    const verdict = decideStep(step, ticket, message);
    if ('refused' in verdict) return this.storedAlready(message, ticket) ?? { status: 'refused', reason: verdict.refused, ticket };
    // The unique (conversation, clientMsgId) key, not a lookup before it, catches a retry.
    if (this.insertMessage.run(messageToRow(message)).changes === 0) {
      const stored = this.storedAlready(message, ticket);
      if (!stored) throw new Error(`message ${message.clientMsgId} conflicted but is not stored`);
      return stored;
    }
    try {
      const after = ticketAfterMessage(ticket, message, verdict.patch);
      if (verdict.patch) this.updateTicket.run(conversationToRow(after));
      else this.updateSummary.run({ id: after.id, last_seq: after.lastSeq, last_message_at: after.lastMessageAt, last_message_preview: after.lastMessagePreview });
      for (const event of verdict.events) this.insertEvent.run(eventToRow(event));
      this.remember(after);
      return { status: 'committed', message, ticket: after, events: verdict.events };
    } catch (err) {
      throw new StepFailed(err);
    }
  }

  private ticket(id: string): ConversationRecord | null {
    const known = this.tickets.get(id);
    if (known) return known;
    const row = this.getConversation.get(id);
    return row ? conversationFromRow(row) : null;
  }

  private remember(ticket: ConversationRecord): void {
    this.tickets.delete(ticket.id); // re-inserted last: the Map's order is least recently written first
    this.tickets.set(ticket.id, ticket);
    if (this.tickets.size > TICKETS_REMEMBERED) this.tickets.delete(this.tickets.keys().next().value!);
  }

  /** A retry of a stored clientMsgId is answered with the stored message, even where the step would now be refused. */
  private storedAlready(message: Message, ticket: ConversationRecord): StepOutcome | null {
    const stored = this.byClientMsgId.get(message.conversationId, message.clientMsgId);
    return stored ? { status: 'duplicate', message: messageFromRow(stored), ticket } : null;
  }
}
