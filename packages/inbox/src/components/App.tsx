/** The shell: locale, the session check (`GET /auth/me`), and login ⇄ workspace. */
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import type { ErrorBody } from '@parley/protocol/errors';
import type { AgentProfile } from '@parley/protocol/model';
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
  | { phase: 'signed-in'; agent: AgentProfile };

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
          ? { phase: 'signed-in', agent: answer.agent }
          : { phase: 'signed-out', notice: null, error: answer.error.code === 'unauthorized' ? null : answer.error },
      ),
    );
  }, []);

  const onLoggedIn = useCallback((agent: AgentProfile) => setAuth({ phase: 'signed-in', agent }), []);
  const onSessionEnded = useCallback(() => setAuth({ phase: 'signed-out', notice: 'session-ended', error: null }), []);
  const onLogout = useCallback(async () => {
    await api.logout(); // whatever the answer, this page forgets the session
    setAuth({ phase: 'signed-out', notice: null, error: null });
  }, []);

  const agent = auth.phase === 'signed-in' ? auth.agent : null;
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
        {agent && <Workspace key={agent.id} agent={agent} onSessionEnded={onSessionEnded} />}
      </div>
    </I18nContext.Provider>
  );
}
