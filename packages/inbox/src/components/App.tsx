/** The shell: locale, the session check (`GET /auth/me`), and login ⇄ workspace. */
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import type { ErrorBody } from '@parley/protocol/errors';
import type { AgentSelf } from '@parley/protocol/model';
import * as api from '../api.ts';
import { I18nContext, type I18n } from '../hooks/useI18n.ts';
import { detectLocale, translate, type Locale } from '../i18n.ts';
import { PREF_LOCALE, readPref, writePref } from '../prefs.ts';
import { Login } from './Login.tsx';
import { TopBar } from './TopBar.tsx';
import { Workspace } from './Workspace.tsx';

type Auth =
  | { phase: 'checking' }
  | { phase: 'signed-out'; notice: 'session-ended' | null; error: ErrorBody | null }
  | { phase: 'signed-in'; session: api.Session };

function browserLanguages(): readonly string[] {
  if (typeof navigator === 'undefined') return [];
  return navigator.languages?.length ? navigator.languages : [navigator.language];
}

export function App() {
  const [locale, setLocaleState] = useState<Locale>(() => detectLocale(readPref(PREF_LOCALE), browserLanguages()));
  const i18n = useMemo<I18n>(
    () => ({
      locale,
      t: (key, params) => translate(locale, key, params),
      setLocale: (next) => {
        writePref(PREF_LOCALE, next);
        setLocaleState(next);
      },
    }),
    [locale],
  );
  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = translate(locale, 'app.title');
  }, [locale]);

  const [auth, setAuth] = useState<Auth>({ phase: 'checking' });
  useEffect(() => {
    void api.me().then((answer) =>
      setAuth(
        answer.ok
          ? { phase: 'signed-in', session: { agent: answer.agent, desk: answer.desk } }
          : { phase: 'signed-out', notice: null, error: answer.error.code === 'unauthorized' ? null : answer.error },
      ),
    );
  }, []);

  const onLoggedIn = useCallback((session: api.Session) => setAuth({ phase: 'signed-in', session }), []);
  // The agent's own account changed (their profile, or an admin's change pushed to them).
  const onSelf = useCallback(
    (agent: AgentSelf) => setAuth((prev) => (prev.phase === 'signed-in' ? { phase: 'signed-in', session: { ...prev.session, agent } } : prev)),
    [],
  );
  const onSessionEnded = useCallback(() => setAuth({ phase: 'signed-out', notice: 'session-ended', error: null }), []);
  const onLogout = useCallback(async () => {
    await api.logout(); // whatever the answer, this page forgets the session
    setAuth({ phase: 'signed-out', notice: null, error: null });
  }, []);

  const session = auth.phase === 'signed-in' ? auth.session : null;
  const agent = session?.agent ?? null;
  return (
    <I18nContext.Provider value={i18n}>
      <div class="shell">
        <TopBar agent={agent} onLogout={onLogout} />
        {auth.phase === 'checking' && (
          <p class="centered" role="status">
            {i18n.t('auth.checking')}
          </p>
        )}
        {auth.phase === 'signed-out' && (
          <Login onLoggedIn={onLoggedIn} sessionEnded={auth.notice === 'session-ended'} initialError={auth.error} />
        )}
        {session && (
          <Workspace
            key={session.agent.id}
            agent={session.agent}
            desk={session.desk}
            onSelf={onSelf}
            onSessionEnded={onSessionEnded}
          />
        )}
      </div>
    </I18nContext.Provider>
  );
}
