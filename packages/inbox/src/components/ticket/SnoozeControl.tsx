/** Snoozing: pick a wake-up time (presets or a date and time); a snoozed ticket says until when and can wake now. */
import { useId, useState } from 'preact/hooks';
import type { Conversation } from '@parley/protocol/model';
import { formatDateTime } from '../../format.ts';
import { useI18n } from '../../hooks/useI18n.ts';
import { fromLocalInput, SNOOZE_PRESETS, snoozeTime, toLocalInput } from '../../state/snooze.ts';
import type { TicketPatch } from '../../hooks/useTicket.ts';

interface Props {
  conversation: Conversation;
  /** The agent chose "Snoozed" in the status select: ask until when. */
  asking: boolean;
  onCancel: () => void;
  change: (patch: TicketPatch) => Promise<void>;
}

export function SnoozeControl({ conversation, asking, onCancel, change }: Props) {
  const { t, locale } = useI18n();
  const id = useId();
  const [custom, setCustom] = useState(() => toLocalInput(snoozeTime('tomorrow', new Date())));
  const snooze = (at: Date) => void change({ status: 'snoozed', snoozedUntil: at.toISOString() });

  if (conversation.status === 'snoozed' && conversation.snoozedUntil && !asking) {
    return (
      <p class="snooze-state">
        <span>{t('snooze.until', { time: formatDateTime(conversation.snoozedUntil, locale) })}</span>{' '}
        <button type="button" class="button-quiet" onClick={() => void change({ status: 'open' })}>
          {t('snooze.wake')}
        </button>
      </p>
    );
  }
  if (!asking) return null;
  const chosen = fromLocalInput(custom);
  return (
    <fieldset class="snooze-picker">
      <legend>{t('snooze.title')}</legend>
      {SNOOZE_PRESETS.map((preset) => (
        <button key={preset} type="button" class="button-secondary" onClick={() => snooze(snoozeTime(preset, new Date()))}>
          {t(`snooze.${preset}`)}
        </button>
      ))}
      <span class="field">
        <label for={`${id}-at`}>{t('snooze.custom')}</label>
        <input id={`${id}-at`} type="datetime-local" value={custom} onInput={(e) => setCustom(e.currentTarget.value)} />
      </span>
      <button type="button" class="button-primary" aria-disabled={chosen === null} onClick={() => chosen && snooze(chosen)}>
        {t('snooze.apply')}
      </button>
      <button type="button" class="button-quiet" onClick={onCancel}>
        {t('snooze.cancel')}
      </button>
    </fieldset>
  );
}
