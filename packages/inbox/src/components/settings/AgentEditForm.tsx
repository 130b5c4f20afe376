/** An admin edits a colleague's name, role and capacity (`PATCH /agents/:id`). */
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import type { ErrorBody } from '@parley/protocol/errors';
import type { AgentProfile } from '@parley/protocol/model';
import { useI18n } from '../../hooks/useI18n.ts';
import { updateAgent } from '../../settings-api.ts';
import { formErrors, withField } from '../../state/form-errors.ts';
import { parseCapacity } from '../../state/capacity.ts';
import { settingsErrorText } from './errors.ts';
import { controlProps, Field, FormOutcome } from './Field.tsx';
import { RoleSelect } from './RoleSelect.tsx';

const RULES = { name: 'form.name', role: 'form.required', capacity: 'form.capacity' } as const;

export interface AgentPanelProps {
  agent: AgentProfile;
  onDone: (agent: AgentProfile) => void;
  onClose: () => void;
}

export function AgentEditForm({ agent, onDone, onClose }: AgentPanelProps) {
  const { t } = useI18n();
  const id = useId();
  const [name, setName] = useState(agent.name);
  const [role, setRole] = useState(agent.role);
  const [capacity, setCapacity] = useState(agent.capacity === null ? '' : String(agent.capacity));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorBody | null>(null);
  const [invalidCapacity, setInvalidCapacity] = useState(false);
  const [saved, setSaved] = useState(false);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);
  let errors = formErrors(error, RULES);
  if (invalidCapacity) errors = withField(errors, 'capacity', { key: 'form.capacity' });

  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    const cap = parseCapacity(capacity);
    setInvalidCapacity(cap === undefined);
    setError(null);
    setSaved(false);
    if (cap === undefined) return;
    setBusy(true);
    const answer = await updateAgent(agent.id, { name: name.trim(), role, capacity: cap });
    setBusy(false);
    if (!answer.ok) return setError(answer.error);
    setSaved(true);
    onDone(answer.agent);
  };

  return (
    <form class="settings-form agent-panel" onSubmit={submit} aria-label={t('agents.edit', { name: agent.name })} noValidate>
      <div class="form-grid">
        <Field id={`${id}-name`} label={t('agents.name')} problem={errors.fields.name}>
          <input ref={first} {...controlProps(`${id}-name`, undefined, errors.fields.name)} value={name} maxLength={100} onInput={(e) => setName(e.currentTarget.value)} />
        </Field>
        <RoleSelect id={`${id}-role`} value={role} onChange={setRole} problem={errors.fields.role} />
        <Field id={`${id}-capacity`} label={t('agents.capacity')} hint={t('agents.capacityHint')} problem={errors.fields.capacity}>
          <input
            {...controlProps(`${id}-capacity`, t('agents.capacityHint'), errors.fields.capacity)}
            class="input-short"
            type="number"
            min={1}
            max={100}
            placeholder={t('agents.capacityDefault')}
            value={capacity}
            onInput={(e) => setCapacity(e.currentTarget.value)}
          />
        </Field>
      </div>
      <div class="form-actions">
        <button type="submit" class="button-primary" aria-disabled={busy}>
          {busy ? t('settings.saving') : t('agents.save')}
        </button>
        <button type="button" class="button-secondary" onClick={onClose}>
          {t('settings.cancel')}
        </button>
        <FormOutcome error={errors.general ? settingsErrorText(t, errors.general) : null} done={saved ? t('agents.saved', { name }) : null} />
      </div>
    </form>
  );
}
