/**
 * Teams (admins): departments or tiers, each a queue of tickets and the agents who work it (routing gives a team's
 * tickets to its members). Add a team, rename it, choose its members.
 */
import { useState } from 'preact/hooks';
import type { AgentProfile, Team } from '@parley/protocol/model';
import type { Directory } from '../../hooks/useAgentDirectory.ts';
import { useI18n } from '../../hooks/useI18n.ts';
import { useTeams } from '../../hooks/useTeams.ts';
import { TeamForm } from './TeamForm.tsx';
import './teams.css';

export function TeamsSettings({ agents }: { agents: Directory }) {
  const { t, locale } = useI18n();
  const { teams, refresh } = useTeams();
  const [editing, setEditing] = useState<string | null>(null);
  const collator = new Intl.Collator(locale, { sensitivity: 'base' });
  const active: AgentProfile[] = [...agents.directory.values()].filter((a) => a.active).sort((a, b) => collator.compare(a.name, b.name));
  const nameOf = (id: string) => agents.directory.get(id)?.name ?? t('assignee.other');
  const done = (_team: Team) => {
    setEditing(null);
    void refresh();
  };

  return (
    <section class="settings-section" aria-labelledby="teams-title">
      <h2 id="teams-title">{t('teams.heading')}</h2>
      <p class="form-hint">{t('teams.intro')}</p>
      {teams.length === 0 ? (
        <p>{t('teams.none')}</p>
      ) : (
        <ul class="teams-list">
          {teams.map((team) => (
            <li key={team.id} class="team-item">
              <div class="team-summary">
                <strong>{team.name}</strong>
                <span class="team-members-line">
                  {team.memberIds.length === 0 ? t('teams.noMembers') : team.memberIds.map(nameOf).join(', ')}
                </span>
                <button
                  type="button"
                  class="button-quiet"
                  aria-expanded={editing === team.id}
                  onClick={() => setEditing(editing === team.id ? null : team.id)}
                >
                  {t('teams.edit', { name: team.name })}
                </button>
              </div>
              {editing === team.id && <TeamForm team={team} agents={active} onDone={done} onCancel={() => setEditing(null)} />}
            </li>
          ))}
        </ul>
      )}
      <h3>{t('teams.add')}</h3>
      <TeamForm team={null} agents={active} onDone={done} />
    </section>
  );
}
