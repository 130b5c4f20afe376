/** The composer's length counter in words: how many characters are left, or why the message is too long to send. */
import type { I18n } from '../../hooks/useI18n.ts';
import type { Locale } from '../../i18n.ts';
import { MAX_MESSAGE_LENGTH, type MessageLength } from '../../state/message-length.ts';

/** The counter's text; empty while it is not shown. */
export function lengthText(t: I18n['t'], locale: Locale, length: MessageLength): string {
  if (!length.shown) return '';
  const count = (n: number) => n.toLocaleString(locale);
  if (!length.over) return t(length.signed ? 'composer.lengthLeftSigned' : 'composer.lengthLeft', { left: count(length.left) });
  const why = t(length.signed ? 'composer.lengthOverSigned' : 'composer.lengthOver', {
    max: count(MAX_MESSAGE_LENGTH),
    over: count(-length.left),
  });
  return length.fitsUnsigned ? `${why} ${t('composer.lengthSignatureFits')}` : why;
}
