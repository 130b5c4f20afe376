/** The active locale and its translate function, provided once by <App> and read by every component. */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { ErrorBody } from '@parley/protocol/errors';
import { formatBytes } from '../format.ts';
import { translate, type Locale, type MessageKey, type Params } from '../i18n.ts';
import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS_PER_MESSAGE, type AttachProblem } from '../state/attachments.ts';

export interface I18n {
  locale: Locale;
  t: (key: MessageKey, params?: Params) => string;
  setLocale: (locale: Locale) => void;
}

export const I18nContext = createContext<I18n>({
  locale: 'en',
  t: (key, params) => translate('en', key, params),
  setLocale: () => undefined,
});

export function useI18n(): I18n {
  return useContext(I18nContext);
}

const LOCALIZED_ERRORS = ['unavailable', 'rate_limited', 'forbidden', 'not_found', 'payload_too_large', 'unsupported_encoding'] as const;

/** A failure for people: our own words for the codes we know, else the server's message. */
export function errorText(t: I18n['t'], error: ErrorBody): string {
  const code = LOCALIZED_ERRORS.find((c) => c === error.code);
  return code ? t(`error.${code}`) : error.message;
}

/**
 * A login failure for people. The server's message is shown as is where it says more than our words could:
 * a wrong password, and `rate_limited`, whose message carries the retry time ("try again in 840 s").
 */
export function loginErrorText(t: I18n['t'], error: ErrorBody): string {
  if (error.code === 'unavailable') return t('error.unavailable');
  if (error.code === 'rate_limited' && error.message.trim() === '') return t('error.rate_limited');
  return error.message;
}

/** Why a file was not attached, for people. A 413 from the server reads like the client-side size check. */
export function attachProblemText(t: I18n['t'], locale: Locale, problem: AttachProblem): string {
  const limits = { max: formatBytes(MAX_ATTACHMENT_BYTES, locale), count: MAX_ATTACHMENTS_PER_MESSAGE };
  switch (problem.kind) {
    case 'uploading':
      return t('attach.wait');
    case 'empty':
      return t('attach.empty', { name: problem.name });
    case 'tooLarge':
      return t('attach.tooLarge', { name: problem.name, ...limits });
    case 'tooMany':
      return t('attach.tooMany', { name: problem.name, ...limits });
    case 'failed':
      if (problem.error.code === 'payload_too_large') return t('attach.tooLarge', { name: problem.name, ...limits });
      // `not_found` would read "This ticket no longer exists": the server's words fit an upload better.
      return t('attach.failed', {
        name: problem.name,
        message: problem.error.code === 'not_found' ? problem.error.message : errorText(t, problem.error),
      });
  }
}
