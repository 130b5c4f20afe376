import { useLayoutEffect, useRef } from 'preact/hooks';
import type { AppStrings, Locale } from '../i18n.ts';
import type { TimelineEntry } from '../timeline.ts';
import { PendingMessageItem, StoredMessage } from './MessageItem.tsx';

interface MessageListProps {
  entries: readonly TimelineEntry[];
  /** Shown above the messages; empty: nothing. */
  greeting: string;
  strings: AppStrings;
  locale: Locale;
  onRetry: (clientMsgId: string) => void;
  onDiscard: (clientMsgId: string) => void;
  /** Delivery marks on the visitor's stored messages (absent for a past conversation). */
  seenSeq?: number | undefined;
  offline?: boolean;
}

/**
 * The conversation log, in seq order, kept scrolled to the newest message (while the visitor has not scrolled up to
 * read). The greeting (the desk's, in the visitor's language) stays at the top once the visitor has written, as the
 * first words of the conversation; a past conversation passes none (or "Loading…" while its messages load).
 */
export function MessageList({ entries, greeting, strings, locale, onRetry, onDiscard, seenSeq, offline }: MessageListProps) {
  const log = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const last = entries[entries.length - 1]?.key;
  useLayoutEffect(() => {
    const element = log.current;
    if (element) element.scrollTop = element.scrollHeight;
  }, [last, entries.length]);
  // The log or the messages changed size (picked files' chips or a phone's keyboard took room; a message grew its
  // status line or a loaded thumbnail): stay at the newest message if the visitor was there.
  const listed = entries.length > 0;
  useLayoutEffect(() => {
    const element = log.current;
    if (!element || typeof ResizeObserver !== 'function') return;
    const observer = new ResizeObserver(() => {
      if (atBottom.current) element.scrollTop = element.scrollHeight;
    });
    observer.observe(element);
    if (element.lastElementChild) observer.observe(element.lastElementChild); // the messages (else the greeting)
    return () => observer.disconnect();
  }, [listed]);

  function onScroll(): void {
    const element = log.current;
    if (element) atBottom.current = element.scrollHeight - element.scrollTop - element.clientHeight < 32;
  }

  return (
    <div
      class="message-log"
      ref={log}
      role="log"
      aria-live="polite"
      aria-label={strings.conversation}
      tabIndex={0}
      onScroll={onScroll}
    >
      {greeting && <p class="greeting">{greeting}</p>}
      {entries.length > 0 && (
        <ol class="messages">
          {entries.map((entry) =>
            entry.kind === 'stored' ? (
              <StoredMessage key={entry.key} message={entry.message} strings={strings} locale={locale} seenSeq={seenSeq} />
            ) : (
              <PendingMessageItem
                key={entry.key}
                pending={entry.pending}
                strings={strings}
                locale={locale}
                onRetry={onRetry}
                onDiscard={onDiscard}
                offline={offline}
              />
            ),
          )}
        </ol>
      )}
    </div>
  );
}
