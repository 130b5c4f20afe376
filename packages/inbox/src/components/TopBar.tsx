/** The top bar: product name, who is signed in, the settings, the language switch and logout. */
import type { AgentProfile } from '@parley/protocol/model';
import { useI18n } from '../hooks/useI18n.ts';
import { hashForSettings } from '../route.ts';
import { TOPBAR_SLOT_ID } from './Notifications.tsx';

interface Props {
  agent: AgentProfile | null;
  onLogout: () => void;
}

export function TopBar({ agent, onLogout }: Props) {
  const { t, locale, setLocale } = useI18n();
  const other = locale === 'en' ? 'ko' : 'en';
  return (
    <header class="topbar">
      {agent && (
        <a
          class="skip-link"
          href="#ticket"
          onClick={(event) => {
            // Focus the ticket without touching the hash, which holds the open ticket's route.
            event.preventDefault();
            document.getElementById('ticket')?.focus();
          }}
        >
          {t('app.skip')}
        </a>
      )}
      <h1 class="brand">{t('app.title')}</h1>
      <div class="topbar-actions">
        {/* The workspace puts its notifications button here. */}
        <div id={TOPBAR_SLOT_ID} class="topbar-slot" />
        {agent && <span class="whoami">{t('auth.signedInAs', { name: agent.name })}</span>}
        {agent && (
          <a class="button-quiet topbar-link" href={hashForSettings('profile')}>
            {t('settings.open')}
          </a>
        )}
        <button type="button" class="button-quiet" lang={other} onClick={() => setLocale(other)}>
          {t('locale.switch')}
        </button>
        {agent && (
          <button type="button" class="button-quiet" onClick={onLogout}>
            {t('auth.logout')}
          </button>
        )}
      </div>
    </header>
  );
}
