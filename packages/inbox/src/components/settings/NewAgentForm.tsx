/**
 * "Add an agent" (`POST /agents`): name, email, a password to hand over, role. Once added, the form is empty for the
 * next agent and a generated password stays readable beside it, with a copy button, until the next one is added.
 */
import { useId, useState } from 'preact/hooks';
import type { AgentProfile, AgentRole } from '@parley/protocol/model';
import { useI18n } from '../../hooks/useI18n.ts';
import { createAgent } from '../../settings-api.ts';
import { checkNewAgent, handedOver, newAgentErrors } from '../../state/new-agent.ts';
import { CopyButton } from './CopyButton.tsx';
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
  const [generated, setGenerated] = useState<string | null>(null);
  const [role, setRole] = useState<AgentRole>('agent');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState(newAgentErrors(null));
  const [created, setCreated] = useState<{ agent: AgentProfile; password: string | null } | null>(null);

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
    setCreated({ agent: answer.agent, password: handedOver(password, generated) });
    onCreated(answer.agent);
    setName('');
    setEmail('');
    setPassword('');
    setGenerated(null);
    setRole('agent');
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
          onGenerate={setGenerated}
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
          done={created ? t('agents.created', { name: created.agent.name, email: created.agent.email }) : null}
        />
      </div>
      {created?.password && (
        <div class="secret-once">
          <p>{t('agents.handover', { name: created.agent.name })}</p>
          <div class="input-with-buttons">
            <code class="secret-value">{created.password}</code>
            <CopyButton value={created.password} label={t('agents.copyHandover', { name: created.agent.name })} />
          </div>
        </div>
      )}
    </form>
  );
}
