/**
 * The identity-verification secret: whether one is configured; generate (shown once, with a copy button), set one
 * of the admin's own, or remove it. Pinned by IDENTITY_SECRET, it is only described.
 */
import { useState } from 'preact/hooks';
import type { ErrorBody } from '@parley/protocol/errors';
import type { DeskSettings, IdentitySecretInput } from '@parley/protocol/settings';
import { useI18n } from '../../hooks/useI18n.ts';
import type { MessageKey } from '../../i18n.ts';
import { identitySecret } from '../../settings-api.ts';
import { formErrors, withField } from '../../state/form-errors.ts';
import { CopyButton } from './CopyButton.tsx';
import { settingsErrorText } from './errors.ts';
import { controlProps, Field, FormOutcome } from './Field.tsx';

type Mode = 'idle' | 'set' | 'remove';

/** The server's minimum (`IdentitySecretBody`), checked here first. */
const MIN_SECRET = 32;

interface Props {
  settings: DeskSettings;
  onSettings: (settings: DeskSettings) => void;
}

export function IdentitySecret({ settings, onSettings }: Props) {
  const { t } = useI18n();
  const [mode, setMode] = useState<Mode>('idle');
  const [typed, setTyped] = useState('');
  const [shown, setShown] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorBody | null>(null);
  const [done, setDone] = useState<MessageKey | null>(null);
  const [tooShort, setTooShort] = useState(false);
  const pinned = settings.pinned.includes('identitySecret');
  let errors = formErrors(error, { secret: 'form.secret' });
  if (tooShort) errors = withField(errors, 'secret', { key: 'form.secret' });

  const run = async (body: IdentitySecretInput, doneKey: MessageKey) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    setDone(null);
    setShown(null);
    const answer = await identitySecret(body);
    setBusy(false);
    if (!answer.ok) return setError(answer.error);
    onSettings(answer.settings);
    setMode('idle');
    setTyped('');
    if (answer.secret) setShown(answer.secret);
    else setDone(doneKey);
  };

  return (
    <section class="settings-form" aria-labelledby="identity-title">
      <h3 id="identity-title">{t('identity.heading')}</h3>
      <p>{t(settings.identitySecret.configured ? 'identity.on' : 'identity.off')}</p>
      {pinned ? (
        <p class="form-hint">{t('desk.pinned', { variable: 'IDENTITY_SECRET' })}</p>
      ) : (
        <div class="form-actions">
          <button type="button" class="button-secondary" aria-disabled={busy} onClick={() => void run({ action: 'generate' }, 'identity.saved')}>
            {t('identity.generate')}
          </button>
          <button type="button" class="button-secondary" aria-expanded={mode === 'set'} onClick={() => setMode(mode === 'set' ? 'idle' : 'set')}>
            {t('identity.set')}
          </button>
          {settings.identitySecret.configured && (
            <button type="button" class="button-secondary" aria-expanded={mode === 'remove'} onClick={() => setMode(mode === 'remove' ? 'idle' : 'remove')}>
              {t('identity.remove')}
            </button>
          )}
        </div>
      )}
      {shown && (
        <div class="secret-once" role="status">
          <p>{t('identity.shown')}</p>
          <div class="input-with-buttons">
            <code class="secret-value">{shown}</code>
            <CopyButton value={shown} />
          </div>
        </div>
      )}
      {mode === 'set' && (
        <form
          class="agent-panel"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            setTooShort(typed.length < MIN_SECRET);
            if (typed.length >= MIN_SECRET) void run({ action: 'set', secret: typed }, 'identity.saved');
          }}
        >
          <Field id="identity-secret" label={t('identity.secret')} hint={t('form.secret')} problem={errors.fields.secret}>
            <input
              {...controlProps('identity-secret', t('form.secret'), errors.fields.secret)}
              type="password"
              autocomplete="off"
              value={typed}
              onInput={(e) => setTyped(e.currentTarget.value)}
            />
          </Field>
          <button type="submit" class="button-primary" aria-disabled={busy}>
            {t('identity.save')}
          </button>
        </form>
      )}
      {mode === 'remove' && (
        <div class="agent-panel confirm" role="group" aria-label={t('identity.remove')}>
          <p>{t('identity.confirmRemove')}</p>
          <div class="form-actions">
            <button type="button" class="button-danger" aria-disabled={busy} onClick={() => void run({ action: 'remove' }, 'identity.removed')}>
              {t('identity.remove')}
            </button>
            <button type="button" class="button-secondary" onClick={() => setMode('idle')}>
              {t('settings.cancel')}
            </button>
          </div>
        </div>
      )}
      <FormOutcome error={errors.general ? settingsErrorText(t, errors.general) : null} done={done ? t(done) : null} />
    </section>
  );
}
