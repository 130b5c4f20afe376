/** Shown when a reply was refused as `stale_ticket`: what arrived meanwhile, "Send anyway" and "Review". */
import type { Message } from '@parley/protocol/model';
import { useI18n } from '../hooks/useI18n.ts';
import { attachmentsOf } from '../state/attachments.ts';
import type { StaleChange } from '../state/guards.ts';
import { MessageText } from './MessageText.tsx';
import { messageAuthor } from './messageAuthor.ts';

interface Props {
  missed: readonly Message[];
  change: StaleChange | null;
  nameOf: (agentId: string) => string;
  onSendAnyway: () => void;
  onReview: () => void;
}

export function StaleBanner({ missed, change, nameOf, onSendAnyway, onReview }: Props) {
  const { t } = useI18n();
  const changeText =
    change?.kind === 'reassigned'
      ? t('stale.reassigned', { name: change.assigneeId ? nameOf(change.assigneeId) : t('stale.someoneElse') })
      : change?.kind === 'resolved'
        ? t('stale.resolved')
        : null;
  return (
    <div class="stale" role="alert">
      <p class="stale-title">{changeText && missed.length === 0 ? t('stale.changedTitle') : t('stale.title')}</p>
      {changeText && <p class="stale-change">{changeText}</p>}
      <p class="stale-hint">{t('stale.hint')}</p>
      {missed.length > 0 && (
        // Scrolls when long (a focusable region, so a keyboard scrolls it too), the timeline keeps its height.
        <ul class="stale-messages" tabIndex={0} aria-label={t('stale.title')}>
          {missed.map((m) => (
            <li key={m.seq}>
              <span class="msg-author">{messageAuthor(t, m)}</span>: <span class="msg-text">
                <MessageText text={m.text} />
              </span>
              {attachmentsOf(m).length > 0 && (
                <span class="stale-attachments">
                  {' '}
                  {t('attach.summary', { names: attachmentsOf(m).map((a) => a.name).join(', ') })}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      <div class="stale-actions">
        <button type="button" class="button-primary" onClick={onSendAnyway}>
          {t('stale.sendAnyway')}
        </button>
        <button type="button" class="button-secondary" onClick={onReview}>
          {t('stale.review')}
        </button>
      </div>
    </div>
  );
}
