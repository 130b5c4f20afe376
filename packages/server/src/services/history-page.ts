import type { Message } from '@parley/protocol';

/** One answer carries at most this many messages... */
export const HISTORY_PAGE_MESSAGES = 50;
/** ...and at most about this many bytes of text (at least one message, however long). Clients ask for the next page. */
export const HISTORY_PAGE_TEXT_BYTES = 128 * 1024;

/** The first messages of `messages` (in seq order) that fit in one page. */
export function firstPage(messages: readonly Message[]): Message[] {
  const page: Message[] = [];
  let bytes = 0;
  for (const message of messages) {
    bytes += message.text.length * 3; // UTF-8 upper bound per UTF-16 unit
    if (page.length > 0 && (bytes > HISTORY_PAGE_TEXT_BYTES || page.length >= HISTORY_PAGE_MESSAGES)) break;
    page.push(message);
  }
  return page;
}

/** Rows read from the store per round while looking for a page of messages the reader may see. */
const SCAN_ROWS = 200;

/**
 * The next page of `visible` messages after `afterSeq`. Empty only when no visible message follows: readers take an
 * empty page to mean they are up to date, so hidden rows (internal notes) are skipped here, not returned as a gap.
 */
export async function visiblePage(
  list: (afterSeq: number, limit: number) => Promise<Message[]>,
  afterSeq: number,
  visible: (m: Message) => boolean,
): Promise<Message[]> {
  let cursor = afterSeq;
  for (;;) {
    const rows = await list(cursor, SCAN_ROWS);
    const shown = rows.filter(visible);
    if (shown.length > 0 || rows.length < SCAN_ROWS) return firstPage(shown);
    cursor = rows[rows.length - 1]!.seq;
  }
}
