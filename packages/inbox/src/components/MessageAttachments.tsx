/**
 * The files of a message: images as thumbnails, other files as a name and a size, each a download link
 * (`download`, new tab, no opener, no referrer). Names are text, never markup; hrefs come from attachmentHref.
 */
import type { AttachmentRef } from '@parley/protocol/model';
import { formatBytes } from '../format.ts';
import { useI18n } from '../hooks/useI18n.ts';
import { attachmentHref, isImage } from '../state/attachments.ts';

export function MessageAttachments({ attachments }: { attachments: readonly AttachmentRef[] }) {
  const { t, locale } = useI18n();
  if (attachments.length === 0) return null;
  return (
    <ul class="msg-attachments" aria-label={t('attach.list')}>
      {attachments.map((a) => {
        const href = attachmentHref(a);
        const size = formatBytes(a.size, locale);
        return (
          <li key={a.id}>
            {isImage(a) ? (
              <a class="attachment-image" href={href} target="_blank" rel="noopener noreferrer" download title={`${a.name} (${size})`}>
                <img src={href} alt={a.name} loading="lazy" decoding="async" />
              </a>
            ) : (
              <a class="attachment-file" href={href} target="_blank" rel="noopener noreferrer" download>
                <span class="attachment-name">{a.name}</span> <span class="attachment-size">({size})</span>
              </a>
            )}
          </li>
        );
      })}
    </ul>
  );
}
