import type { ErrorCode } from '@parley/protocol';
import type { AppStrings } from './i18n.ts';

/** The visitor-facing text for a refused message (server messages are for developers and in English). */
export function sendErrorText(code: ErrorCode | undefined, strings: AppStrings): string {
  switch (code) {
    case 'rate_limited':
      return strings.errorRateLimited;
    case 'payload_too_large':
      return strings.errorTooLong;
    case 'invalid_input':
      return strings.errorInvalid;
    default:
      return strings.errorGeneric;
  }
}
