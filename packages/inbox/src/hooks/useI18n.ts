/** The active locale and its translate function, provided once by <App> and read by every component. */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { ErrorBody } from '@parley/protocol/errors';
import { translate, type Locale, type MessageKey, type Params } from '../i18n.ts';

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

const LOCALIZED_ERRORS = ['unavailable', 'rate_limited', 'forbidden', 'not_found', 'payload_too_large'] as const;

/** A failure for people: our own words for the codes we know, else the server's message. */
export function errorText(t: I18n['t'], error: ErrorBody): string {
  const code = LOCALIZED_ERRORS.find((c) => c === error.code);
  return code ? t(`error.${code}`) : error.message;
}
