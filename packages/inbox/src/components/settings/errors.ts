/** A refused settings change in the agent's language: our words for the codes and reasons the settings API uses. */
import type { ErrorBody } from '@parley/protocol/errors';
import { errorText, type I18n } from '../../hooks/useI18n.ts';
import { reasonOf } from '../../state/form-errors.ts';

export function settingsErrorText(t: I18n['t'], error: ErrorBody): string {
  switch (reasonOf(error)) {
    case 'last_admin':
      return t('agents.lastAdmin');
    case 'self_deactivation':
      return t('agents.selfDeactivation');
    case 'pinned':
      return t('form.pinned');
  }
  switch (error.code) {
    case 'conflict':
    case 'invalid_input':
    case 'unauthorized':
    case 'internal':
      return t(`error.${error.code}`);
    case 'not_found':
      return t('settings.notFound');
    default:
      return errorText(t, error);
  }
}
