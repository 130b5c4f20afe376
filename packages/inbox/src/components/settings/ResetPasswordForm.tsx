/** An admin sets a new password for a colleague who lost theirs (`POST /agents/:id/password`; their sessions end). */
import { useId, useState } from 'preact/hooks';
import type { ErrorBody } from '@parley/protocol/errors';
import { useI18n } from '../../hooks/useI18n.ts';
import { resetPassword } from '../../settings-api.ts';
import { formErrors, withField } from '../../state/form-errors.ts';
import { MIN_PASSWORD } from '../../state/password.ts';
import type { AgentPanelProps } from './AgentEditForm.tsx';
import { settingsErrorText } from './errors.ts';
import { FormOutcome } from './Field.tsx';
import { PasswordInput } from './PasswordInput.tsx';

const RULES = { newPassword: 'form.password' } as const;

export function ResetPasswordForm({ agent, onClose }: AgentPanelProps) {
  const { t } = useI18n();
  const id = useId();
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorBody | null>(null);
  const [tooShort, setTooShort] = useState(false);
  const [done, setDone] = useState(false);
  let errors = formErrors(error, RULES);
  if (tooShort) errors = withField(errors, 'newPassword', { key: 'form.password' });

  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    setTooShort(password.length < MIN_PASSWORD);
    setError(null);
    setDone(false);
    if (password.length < MIN_PASSWORD) return;
    setBusy(true);
    const answer = await resetPassword(agent.id, password);
    setBusy(false);
    if (!answer.ok) return setError(answer.error);
    setDone(true);
  };

  return (
    <form class="settings-form agent-panel" onSubmit={submit} aria-label={t('agents.reset', { name: agent.name })} noValidate>
      <PasswordInput
        id={`${id}-password`}
        label={t('password.new')}
        hint={t('agents.resetHint')}
        value={password}
        onChange={setPassword}
        problem={errors.fields.newPassword}
      />
      <div class="form-actions">
        <button type="submit" class="button-primary" aria-disabled={busy}>
          {busy ? t('settings.saving') : t('agents.resetShort')}
        </button>
        <button type="button" class="button-secondary" onClick={onClose}>
          {t('settings.cancel')}
        </button>
        <FormOutcome error={errors.general ? settingsErrorText(t, errors.general) : null} done={done ? t('agents.resetDone', { name: agent.name }) : null} />
      </div>
    </form>
  );
}
