import type { Message } from '@parley/protocol';
import type { AppStrings, Locale } from '../i18n.ts';
import type { PendingMessage } from '../timeline.ts';
import { formatMessageTime } from '../format-time.ts';
import { sendErrorText } from '../send-error-text.ts';

interface StoredMessageProps {
  message: Message;
  strings: AppStrings;
  locale: Locale;
}

/** A message the server stored. Text is rendered as text, never as HTML. */
export function StoredMessage({ message, strings, locale }: StoredMessageProps) {
  const time = (
    <time class="message-time" dateTime={message.createdAt}>
      {formatMessageTime(message.createdAt, locale)}
    </time>
  );
  if (message.type === 'system') {
    return (
      <li class="message is-system">
        <p class="message-text">{message.text}</p>
        {time}
      </li>
    );
  }
  const mine = message.type === 'visitor';
  const author = mine ? strings.authorYou : message.authorName || strings.authorAgentFallback;
  return (
    <li class={`message ${mine ? 'is-mine' : 'is-theirs'}`}>
      <span class="message-author">{author}</span>
      <p class="message-text">{message.text}</p>
      {time}
    </li>
  );
}

interface PendingMessageProps {
  pending: PendingMessage;
  strings: AppStrings;
  onRetry: (clientMsgId: string) => void;
  onDiscard: (clientMsgId: string) => void;
}

/** A message typed here and not stored yet: "Sending…", or the refusal with Retry and Delete. */
export function PendingMessageItem({ pending, strings, onRetry, onDiscard }: PendingMessageProps) {
  const failed = pending.status === 'failed';
  return (
    <li class={`message is-mine is-pending${failed ? ' is-failed' : ''}`}>
      <span class="message-author">{strings.authorYou}</span>
      <p class="message-text">{pending.text}</p>
      {failed ? (
        <div class="message-failure">
          <p class="message-error" role="alert">
            {strings.notSent}: {sendErrorText(pending.error?.code, strings)}
          </p>
          <div class="message-actions">
            <button type="button" class="text-button" onClick={() => onRetry(pending.clientMsgId)}>
              {strings.retry}
            </button>
            <button type="button" class="text-button" onClick={() => onDiscard(pending.clientMsgId)}>
              {strings.discard}
            </button>
          </div>
        </div>
      ) : (
        <span class="message-status">{strings.sending}</span>
      )}
    </li>
  );
}
