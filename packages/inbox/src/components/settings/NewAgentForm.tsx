/** "Add an agent" (`POST /agents`): name, e-mail, a password to hand over, role. */
import { useId, useState } from 'preact/hooks';
import type { AgentProfile, AgentRole } from '@parley/protocol/model';
import { useI18n } from '../../hooks/useI18n.ts';
import { createAgent } from '../../settings-api.ts';
import { checkNewAgent, newAgentErrors } from '../../state/new-agent.ts';
import { settingsErrorText } from './errors.ts';
import { controlProps, Field, FormOutcome } from './Field.tsx';
import { PasswordInput } from './PasswordInput.tsx';
import { RoleSelect } from './RoleSelect.tsx';

export function NewAgentForm({ onCreated }: { onCreated: (agent: AgentProfile) => void }) {
  const { t } = useI18n();
  const id = useId();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<AgentRole>('agent');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState(newAgentErrors(null));
  const [created, setCreated] = useState<AgentProfile | null>(null);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    setCreated(null);
    const found = checkNewAgent({ name, email, password });
    setErrors(found);
    if (Object.keys(found.fields).length > 0) return;
    setBusy(true);
    const answer = await createAgent({ name: name.trim(), email: email.trim(), password, role });
    setBusy(false);
    if (!answer.ok) return setErrors(newAgentErrors(answer.error));
    setCreated(answer.agent);
    onCreated(answer.agent);
    setName('');
    setEmail('');
    setRole('agent');
    // the password stays until the admin leaves: they may still be copying it
  };

  return (
    <form class="settings-form" onSubmit={submit} aria-labelledby={`${id}-title`} noValidate>
      <h3 id={`${id}-title`}>{t('agents.add')}</h3>
      <div class="form-grid">
        <Field id={`${id}-name`} label={t('agents.name')} problem={errors.fields.name}>
          <input {...controlProps(`${id}-name`, undefined, errors.fields.name)} value={name} maxLength={100} onInput={(e) => setName(e.currentTarget.value)} />
        </Field>
        <Field id={`${id}-email`} label={t('agents.email')} problem={errors.fields.email}>
          <input
            {...controlProps(`${id}-email`, undefined, errors.fields.email)}
            type="email"
            autocomplete="off"
            value={email}
            onInput={(e) => setEmail(e.currentTarget.value)}
          />
        </Field>
        <PasswordInput
          id={`${id}-password`}
          label={t('agents.password')}
          hint={t('agents.passwordHint')}
          value={password}
          onChange={setPassword}
          problem={errors.fields.password}
        />
        <RoleSelect id={`${id}-role`} value={role} onChange={setRole} problem={errors.fields.role} />
      </div>
      <div class="form-actions">
        <button type="submit" class="button-primary" aria-disabled={busy}>
          {busy ? t('settings.saving') : t('agents.create')}
        </button>
        <FormOutcome
          error={errors.general ? settingsErrorText(t, errors.general) : null}
          done={created ? t('agents.created', { name: created.name, email: created.email }) : null}
        />
      </div>
    </form>
  );
}
