/** Deactivating (their history stays, their sessions end) or reactivating an agent, after a confirmation. */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ErrorBody } from '@parley/protocol/errors';
import { useI18n } from '../../hooks/useI18n.ts';
import { updateAgent } from '../../settings-api.ts';
import type { AgentPanelProps } from './AgentEditForm.tsx';
import { settingsErrorText } from './errors.ts';
import { FormOutcome } from './Field.tsx';

export function AgentStatusConfirm({ agent, onDone, onClose }: AgentPanelProps) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorBody | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const deactivating = agent.active;
  const confirmButton = useRef<HTMLButtonElement>(null);
  useEffect(() => confirmButton.current?.focus(), []);

  const confirm = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    const answer = await updateAgent(agent.id, { active: !deactivating });
    setBusy(false);
    if (!answer.ok) return setError(answer.error);
    setDone(t(deactivating ? 'agents.deactivatedDone' : 'agents.reactivatedDone', { name: agent.name }));
    onDone(answer.agent);
  };

  if (done) return <FormOutcome error={null} done={done} />;
  return (
    <div class="agent-panel confirm" role="group" aria-label={t(deactivating ? 'agents.deactivate' : 'agents.reactivate', { name: agent.name })}>
      <p>{t(deactivating ? 'agents.confirmDeactivate' : 'agents.confirmReactivate', { name: agent.name })}</p>
      <div class="form-actions">
        <button ref={confirmButton} type="button" class={deactivating ? 'button-danger' : 'button-primary'} aria-disabled={busy} onClick={() => void confirm()}>
          {t(deactivating ? 'agents.deactivateShort' : 'agents.reactivateShort')}
        </button>
        <button type="button" class="button-secondary" onClick={onClose}>
          {t('settings.cancel')}
        </button>
        <FormOutcome error={error ? settingsErrorText(t, error) : null} done={null} />
      </div>
    </div>
  );
}
