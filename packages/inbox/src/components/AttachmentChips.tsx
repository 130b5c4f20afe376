/** The composer's files: uploaded ones and uploads in flight, each with a remove button named after the file. */
import type { AttachmentRef } from '@parley/protocol/model';
import { formatBytes } from '../format.ts';
import { useI18n } from '../hooks/useI18n.ts';
import type { PendingUpload } from '../hooks/useUploads.ts';

interface Props {
  attachments: readonly AttachmentRef[];
  pending: readonly PendingUpload[];
  disabled: boolean;
  onRemove: (id: string) => void;
  onCancel: (key: number) => void;
}

export function AttachmentChips({ attachments, pending, disabled, onRemove, onCancel }: Props) {
  const { t, locale } = useI18n();
  if (attachments.length === 0 && pending.length === 0) return null;
  const chip = (key: string | number, name: string, detail: string, busy: boolean, remove: () => void) => (
    <li key={key} class={`chip${busy ? ' chip-busy' : ''}`} aria-busy={busy}>
      <span class="chip-name" title={name}>
        {name}
      </span> <span class="chip-detail">{detail}</span>
      <button
        type="button"
        class="chip-remove"
        aria-label={t('attach.remove', { name })}
        title={t('attach.remove', { name })}
        aria-disabled={disabled}
        onClick={() => {
          if (!disabled) remove();
        }}
      >
        <span aria-hidden="true">×</span>
      </button>
    </li>
  );
  return (
    <ul class="chips" aria-label={t('attach.list')}>
      {attachments.map((a) => chip(a.id, a.name, formatBytes(a.size, locale), false, () => onRemove(a.id)))}
      {pending.map((u) => chip(`u${u.key}`, u.name, t('attach.uploading'), true, () => onCancel(u.key)))}
    </ul>
  );
}
