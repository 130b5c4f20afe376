/** A team's name and members (the desk's active agents as checkboxes); used to add a team and to change one. */
import { useId, useState } from 'preact/hooks';
import type { ErrorBody } from '@parley/protocol/errors';
import type { AgentProfile, Team } from '@parley/protocol/model';
import { errorText, useI18n } from '../../hooks/useI18n.ts';
import { formErrors } from '../../state/form-errors.ts';
import { createTeam, updateTeam } from '../../teams-api.ts';
import { controlProps, Field } from './Field.tsx';

interface Props {
  team: Team | null;
  agents: readonly AgentProfile[];
  onDone: (team: Team) => void;
  onCancel?: () => void;
}

const RULES = { name: 'teams.rule.name', memberIds: 'teams.rule.members' } as const;

export function TeamForm({ team, agents, onDone, onCancel }: Props) {
  const { t } = useI18n();
  const id = useId();
  const [name, setName] = useState(team?.name ?? '');
  const [members, setMembers] = useState<ReadonlySet<string>>(() => new Set(team?.memberIds ?? []));
  const [error, setError] = useState<ErrorBody | null>(null);
  const [saving, setSaving] = useState(false);
  const errors = formErrors(error, RULES);
  const nameProblem = errors.fields.name ?? (error?.code === 'conflict' ? { key: 'teams.taken' as const } : undefined);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (saving) return;
    setSaving(true);
    setError(null);
    const memberIds = [...members];
    const answer = team ? await updateTeam(team.id, { name, memberIds }) : await createTeam(name, memberIds);
    setSaving(false);
    if (!answer.ok) return setError(answer.error);
    onDone(answer.team);
    if (!team) {
      setName('');
      setMembers(new Set());
    }
  };
  const toggle = (agentId: string) => {
    const next = new Set(members);
    if (next.has(agentId)) next.delete(agentId);
    else next.add(agentId);
    setMembers(next);
  };

  return (
    <form class="settings-form team-form" onSubmit={submit} aria-label={team ? t('teams.editTitle', { name: team.name }) : t('teams.add')}>
      <Field id={`${id}-name`} label={t('teams.name')} problem={nameProblem}>
        <input {...controlProps(`${id}-name`, undefined, nameProblem)} value={name} maxLength={60} required onInput={(e) => setName(e.currentTarget.value)} />
      </Field>
      <fieldset class="team-members">
        <legend>{t('teams.members')}</legend>
        {agents.map((agent) => (
          <label key={agent.id} class="team-member">
            <input type="checkbox" checked={members.has(agent.id)} onChange={() => toggle(agent.id)} /> {agent.name}
          </label>
        ))}
      </fieldset>
      {(errors.general && error?.code !== 'conflict') && (
        <p class="error" role="alert">
          {errorText(t, errors.general)}
        </p>
      )}
      <div class="form-actions">
        <button type="submit" class="button-primary" aria-disabled={saving}>
          {team ? t('teams.save') : t('teams.create')}
        </button>
        {onCancel && (
          <button type="button" class="button-quiet" onClick={onCancel}>
            {t('teams.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
