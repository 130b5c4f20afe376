/**
 * Under the reply box near the server's length limit: how many characters are left, past it why Send refuses. The
 * textarea and Send point at it (aria-describedby); a screen reader hears it once the agent pauses typing, and at once
 * when a send is refused.
 */
import { useI18n } from '../../hooks/useI18n.ts';
import { useSettled } from '../../hooks/useSettled.ts';
import type { MessageLength } from '../../state/message-length.ts';
import { lengthText } from './lengthText.ts';
import './length.css';

/** The pause in typing after which the counter is read out. */
const ANNOUNCE_AFTER_MS = 1000;

interface Props {
  id: string;
  length: MessageLength;
  /** Sends refused since the last edit: each one is announced again. */
  refusals: number;
}

export function LengthNotice({ id, length, refusals }: Props) {
  const { t, locale } = useI18n();
  const text = lengthText(t, locale, length);
  const announced = useSettled(text, ANNOUNCE_AFTER_MS);
  return (
    <>
      {text !== '' && (
        <p id={id} class={`composer-length${length.over ? ' composer-length-over' : ''}`}>
          {text}
        </p>
      )}
      <span class="sr-only" role="status">
        {announced}
      </span>
      {refusals > 0 && length.over && (
        <span key={refusals} class="sr-only" role="alert">
          {text}
        </span>
      )}
    </>
  );
}
