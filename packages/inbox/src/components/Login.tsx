/**
 * The login form: `POST /api/v1/auth/login`; the server's error message is shown as an alert (for `rate_limited`
 * it says when to try again). The form stays editable and can be sent again whatever the answer.
 */
import { useState } from 'preact/hooks';
import type { ErrorBody } from '@parley/protocol/errors';
import * as api from '../api.ts';
import { loginErrorText, useI18n } from '../hooks/useI18n.ts';

interface Props {
  onLoggedIn: (session: api.Session) => void;
  sessionEnded: boolean;
  initialError: ErrorBody | null;
}

export function Login({ onLoggedIn, sessionEnded, initialError }: Props) {
  const { t } = useI18n();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorBody | null>(initialError);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    const answer = await api.login(email.trim(), password);
    setBusy(false);
    if (answer.ok) onLoggedIn({ agent: answer.agent, desk: answer.desk });
    else setError(answer.error);
  };

  return (
    <main class="login">
      <form class="login-form" onSubmit={submit} aria-labelledby="login-title">
        <h2 id="login-title">{t('auth.heading')}</h2>
        {sessionEnded && !error && (
          <p class="notice" role="status">
            {t('auth.sessionEnded')}
          </p>
        )}
        <label for="login-email">{t('auth.email')}</label>
        <input
          id="login-email"
          type="email"
          autocomplete="username"
          required
          value={email}
          onInput={(e) => setEmail(e.currentTarget.value)}
        />
        <label for="login-password">{t('auth.password')}</label>
        <input
          id="login-password"
          type="password"
          autocomplete="current-password"
          required
          value={password}
          onInput={(e) => setPassword(e.currentTarget.value)}
        />
        {error && (
          <p class="error" role="alert">
            {loginErrorText(t, error)}
          </p>
        )}
        <button type="submit" class="button-primary" disabled={busy} aria-busy={busy}>
          {t('auth.login')}
        </button>
      </form>
    </main>
  );
}
