import type { Database } from 'better-sqlite3';
import { openKeyFor } from '../records.ts';
import type { ContactMerge, ContactMergeOutcome, ContactRecord, ConversationRecord } from '../types.ts';
import * as rows from './rows.ts';

/** A LIKE pattern that matches `text` literally anywhere (\ escapes % and _). */
const containing = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Contact merges and the contact search of the embedded store. A merge is one transaction: the target's fields, the
 * source's tickets (moved, with the channel's open key of the target), the source marked, the event.
 */
export class SqliteContacts {
  constructor(private readonly db: Database) {}

  private apply(merge: ContactMerge, forget: (conversationId: string) => void): ContactMergeOutcome {
    const contact = (id: string) => this.db.prepare<[string], rows.ContactRow>('SELECT * FROM contacts WHERE id = ?').get(id);
    return this.db.transaction((): ContactMergeOutcome => {
      const source = contact(merge.sourceId);
      const target = contact(merge.targetId);
      // A source already merged into this target is a repeat: it goes through (and finds nothing left to move).
      if (!source || !target || target.merged_into || (source.merged_into && source.merged_into !== merge.targetId)) return { status: 'missing' };
      const tickets = this.db
        .prepare<[string], rows.ConversationRow>('SELECT * FROM conversations WHERE contact_id = ?')
        .all(merge.sourceId)
        .map(rows.conversationFromRow);
      const moved: ConversationRecord[] = tickets.map((t) => {
        const next: ConversationRecord = { ...t, contactId: merge.targetId, version: t.version + 1, updatedAt: merge.at };
        return { ...next, openKey: openKeyFor(next) };
      });
      const move = this.db.prepare('UPDATE conversations SET contact_id = ?, open_key = ?, version = ?, updated_at = ? WHERE id = ?');
      try {
        for (const t of moved) move.run(t.contactId, t.openKey, t.version, t.updatedAt, t.id);
      } catch (err) {
        const code = (err as { code?: unknown }).code;
        if (code === 'SQLITE_CONSTRAINT_UNIQUE') throw new Clash();
        throw err;
      }
      const next: ContactRecord = { ...rows.contactFromRow(target), ...merge.target };
      const row = rows.contactToRow(next);
      this.db.prepare('UPDATE contacts SET name = ?, email = ?, profile = ? WHERE id = ?').run(row.name, row.email, row.profile, next.id);
      this.db.prepare('UPDATE contacts SET merged_into = ? WHERE id = ? OR merged_into = ?').run(merge.targetId, merge.sourceId, merge.sourceId);
      const event = rows.eventToRow(merge.event);
      this.db
        .prepare('INSERT INTO events (id, desk_id, type, conversation_id, actor_type, actor_id, data, at) VALUES (@id, @desk_id, @type, @conversation_id, @actor_type, @actor_id, @data, @at)')
        .run(event);
      for (const t of moved) forget(t.id);
      return { status: 'merged', target: next, moved };
    })();
  }

  /** A unique open key refusing a move (both contacts have a live ticket on a channel) rolls it all back: `clash`. */
  merge(merge: ContactMerge, forget: (conversationId: string) => void): ContactMergeOutcome {
    try {
      return this.apply(merge, forget);
    } catch (err) {
      if (err instanceof Clash) return { status: 'clash' };
      throw err;
    }
  }

  search(deskId: string, text: string, limit: number): ContactRecord[] {
    const like = containing(text);
    return this.db
      .prepare<[string, string, string, string, number], rows.ContactRow>(
        `SELECT * FROM contacts WHERE desk_id = ? AND merged_into IS NULL
         AND (name LIKE ? ESCAPE '\\' OR email LIKE ? ESCAPE '\\' OR json_extract(profile, '$.phone') LIKE ? ESCAPE '\\')
         ORDER BY last_seen_at DESC LIMIT ?`,
      )
      .all(deskId, like, like, like, limit)
      .map(rows.contactFromRow);
  }
}

class Clash extends Error {}
