/**
 * Why the reply mode is closed on this ticket (the desk's `block` policy: only the assignee replies), with the ways
 * on: write a note, or assign the ticket to oneself.
 */
import { useState } from 'preact/hooks';
import type { ErrorBody } from '@parley/protocol/errors';
import type { Result } from '@parley/protocol/errors';
import { errorText, useI18n } from '../hooks/useI18n.ts';

interface Props {
  name: string;
  assignToMe: () => Promise<Result>;
  /** Switch the composer to a note; null while it already is one. */
  onNote: (() => void) | null;
}

export function ReplyBlocked({ name, assignToMe, onNote }: Props) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ErrorBody | null>(null);
  return (
    <div class="reply-blocked" role="note">
      <p>{t('policy.blocked', { name })}</p>
      <div class="stale-actions">
        <button
          type="button"
          class="button-secondary"
          aria-disabled={busy}
          onClick={async () => {
            if (busy) return;
            setBusy(true);
            setFailure(null);
            const answer = await assignToMe();
            setBusy(false);
            if (!answer.ok) setFailure(answer.error);
          }}
        >
          {t('ticket.assignToMe')}
        </button>
        {onNote && (
          <button type="button" class="button-secondary" onClick={onNote}>
            {t('composer.note')}
          </button>
        )}
      </div>
      {failure && (
        <p class="error" role="alert">
          {t('ticket.updateFailed', { message: errorText(t, failure) })}
        </p>
      )}
    </div>
  );
}
