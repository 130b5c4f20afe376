import type { AttachmentRef, Message } from '@parley/protocol';
import type { AppStrings, Locale } from '../i18n.ts';
import type { PendingMessage } from '../timeline.ts';
import { formatMessageTime } from '../format-time.ts';
import { sendErrorText } from '../send-error-text.ts';
import { attachmentUrl, formatFileSize, isImageAttachment } from '../attachments.ts';
import { MessageText } from './MessageText.tsx';

interface StoredMessageProps {
  message: Message;
  strings: AppStrings;
  locale: Locale;
  /** An agent has read up to this seq: the visitor's own messages up to it say "Seen", later ones "Sent". */
  seenSeq?: number | undefined;
}

/** A message the server stored. Text and file names are rendered as text (and checked links), never as HTML. */
export function StoredMessage({ message, strings, locale, seenSeq }: StoredMessageProps) {
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
      {message.text !== '' && <MessageText text={message.text} />}
      <AttachmentLinks attachments={message.attachments} strings={strings} locale={locale} />
      {time}
      {mine && seenSeq !== undefined && <span class="message-status">{message.seq <= seenSeq ? strings.seen : strings.sent}</span>}
    </li>
  );
}

interface AttachmentsProps {
  attachments: readonly AttachmentRef[];
  strings: AppStrings;
  locale: Locale;
}

/**
 * A stored message's files: images as a thumbnail, other files as their name and size, each a download link
 * (`/api/v1/attachments/{id}/{name}`; the server answers with `Content-Disposition: attachment`).
 */
function AttachmentLinks({ attachments, strings, locale }: AttachmentsProps) {
  if (attachments.length === 0) return null;
  return (
    <ul class="message-files" aria-label={strings.attachments}>
      {attachments.map((file) => {
        const image = isImageAttachment(file);
        return (
          <li key={file.id}>
            <a
              class={image ? 'file-link is-image' : 'file-link'}
              href={attachmentUrl(file)}
              target="_blank"
              rel="noopener noreferrer"
              download={file.name}
            >
              {image ? (
                <img class="file-thumb" src={attachmentUrl(file)} alt={file.name} loading="lazy" decoding="async" />
              ) : (
                <FileLabel file={file} locale={locale} />
              )}
            </a>
          </li>
        );
      })}
    </ul>
  );
}

function FileLabel({ file, locale }: { file: AttachmentRef; locale: Locale }) {
  return (
    <>
      <svg class="file-icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
        <path d="M6 2h8l6 6v12a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2V4a2 2 0 0 1 2-2zm7 1.5V9h5.5z" />
      </svg>
      <span class="file-name">{file.name}</span>{' '}
      <span class="file-size">{formatFileSize(file.size, locale)}</span>
    </>
  );
}

interface PendingMessageProps {
  pending: PendingMessage;
  strings: AppStrings;
  locale: Locale;
  onRetry: (clientMsgId: string) => void;
  onDiscard: (clientMsgId: string) => void;
  offline?: boolean;
}

/** A message typed here and not stored yet: "Sending…", or the refusal with Retry and Delete. */
export function PendingMessageItem({ pending, strings, locale, onRetry, onDiscard, offline }: PendingMessageProps) {
  const failed = pending.status === 'failed';
  return (
    <li class={`message is-mine is-pending${failed ? ' is-failed' : ''}`}>
      <span class="message-author">{strings.authorYou}</span>
      {pending.text !== '' && <p class="message-text">{pending.text}</p>}
      {pending.attachments.length > 0 && (
        <ul class="message-files" aria-label={strings.attachments}>
          {pending.attachments.map((file) => (
            <li key={file.id} class="file-link is-unsent">
              <FileLabel file={file} locale={locale} />
            </li>
          ))}
        </ul>
      )}
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
        <span class="message-status">{offline ? strings.waiting : strings.sending}</span>
      )}
    </li>
  );
}
