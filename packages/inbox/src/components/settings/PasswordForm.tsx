/** Changing one's own password: the current one, the new one twice (`POST /auth/me/password`). */
import { useId, useState } from 'preact/hooks';
import { useI18n } from '../../hooks/useI18n.ts';
import { changePassword } from '../../settings-api.ts';
import { formErrors, withField, type FormErrors } from '../../state/form-errors.ts';
import { MIN_PASSWORD } from '../../state/password.ts';
import { settingsErrorText } from './errors.ts';
import { controlProps, Field, FormOutcome } from './Field.tsx';

const RULES = { currentPassword: 'form.required', newPassword: 'form.password', confirm: 'password.mismatch' } as const;
type PasswordField = keyof typeof RULES;

export function PasswordForm() {
  const { t } = useI18n();
  const id = useId();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrors<PasswordField>>(formErrors<PasswordField>(null, RULES));
  const [done, setDone] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    setDone(false);
    let found = formErrors<PasswordField>(null, RULES);
    if (current === '') found = withField(found, 'currentPassword', { key: 'form.required' });
    if (next.length < MIN_PASSWORD) found = withField(found, 'newPassword', { key: 'form.password' });
    else if (confirm !== next) found = withField(found, 'confirm', { key: 'password.mismatch' });
    setErrors(found);
    if (Object.keys(found.fields).length > 0) return;
    setBusy(true);
    const answer = await changePassword(current, next);
    setBusy(false);
    if (!answer.ok) return setErrors(formErrors(answer.error, RULES));
    setDone(true);
    setCurrent('');
    setNext('');
    setConfirm('');
  };

  const field = (name: PasswordField, label: string, value: string, set: (v: string) => void, autocomplete: string) => (
    <Field id={`${id}-${name}`} label={label} problem={errors.fields[name]}>
      <input
        {...controlProps(`${id}-${name}`, undefined, errors.fields[name])}
        type="password"
        autocomplete={autocomplete}
        value={value}
        onInput={(e) => set(e.currentTarget.value)}
      />
    </Field>
  );

  return (
    <form class="settings-form" onSubmit={submit} aria-labelledby={`${id}-title`} noValidate>
      <h2 id={`${id}-title`}>{t('password.heading')}</h2>
      {field('currentPassword', t('password.current'), current, setCurrent, 'current-password')}
      {field('newPassword', t('password.new'), next, setNext, 'new-password')}
      {field('confirm', t('password.confirm'), confirm, setConfirm, 'new-password')}
      <div class="form-actions">
        <button type="submit" class="button-primary" aria-disabled={busy}>
          {busy ? t('settings.saving') : t('password.change')}
        </button>
        <FormOutcome error={errors.general ? settingsErrorText(t, errors.general) : null} done={done ? t('password.changed') : null} />
      </div>
    </form>
  );
}
