/**
 * The settings area (`#/settings/<section>`): Profile and Canned responses for everyone, Agents, Teams and Desk for admins, and the way back to
 * the inbox (to the ticket that was open).
 */
import type { AgentSelf } from '@parley/protocol/model';
import type { Directory } from '../../hooks/useAgentDirectory.ts';
import { useI18n } from '../../hooks/useI18n.ts';
import { hashForSettings, hashForTicket, SETTINGS_SECTIONS, type SettingsSection } from '../../route.ts';
import { AgentsSettings } from './AgentsSettings.tsx';
import { CannedSettings } from './CannedSettings.tsx';
import { DeskSettings } from './DeskSettings.tsx';
import { ProfileSettings } from './ProfileSettings.tsx';
import { TeamsSettings } from './TeamsSettings.tsx';

interface Props {
  section: SettingsSection;
  self: AgentSelf;
  onSelf: (self: AgentSelf) => void;
  agents: Directory;
  /** The ticket that was open, to go back to. */
  ticketId: string | null;
}

export function SettingsPage({ section, self, onSelf, agents, ticketId }: Props) {
  const { t } = useI18n();
  const admin = self.role === 'admin';
  const sections = SETTINGS_SECTIONS.filter((s) => admin || s === 'profile' || s === 'canned');
  const allowed = sections.includes(section);
  return (
    <div class="settings">
      <nav class="settings-nav" aria-label={t('settings.nav')}>
        <a class="settings-back" href={hashForTicket(ticketId) || '#'}>
          <span aria-hidden="true">← </span>
          {t('settings.back')}
        </a>
        <ul>
          {sections.map((s) => (
            <li key={s}>
              <a href={hashForSettings(s)} aria-current={s === section ? 'page' : undefined}>
                {t(`settings.${s}`)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main id="ticket" class="settings-main" tabIndex={-1} aria-label={t('settings.title')}>
        {!allowed && (
          <p class="notice" role="status">
            {t('settings.adminOnly')}
          </p>
        )}
        {allowed && section === 'profile' && <ProfileSettings key={self.id} self={self} onSelf={onSelf} />}
        {allowed && section === 'canned' && <CannedSettings self={self} />}
        {allowed && section === 'agents' && <AgentsSettings selfId={self.id} agents={agents} />}
        {allowed && section === 'teams' && <TeamsSettings agents={agents} />}
        {allowed && section === 'desk' && <DeskSettings />}
      </main>
    </div>
  );
}
