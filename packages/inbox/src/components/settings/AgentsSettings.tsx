/**
 * The desk's agents (admins): who they are, their role, whether they can sign in, their capacity; add one, and per
 * agent edit, deactivate / reactivate, reset the password. The list is the live agent directory: a colleague's
 * change (another admin's, or their own profile) shows at once.
 */
import { useState } from 'preact/hooks';
import type { AgentProfile } from '@parley/protocol/model';
import type { Directory } from '../../hooks/useAgentDirectory.ts';
import { useI18n } from '../../hooks/useI18n.ts';
import { AgentEditForm } from './AgentEditForm.tsx';
import { AgentStatusConfirm } from './AgentStatusConfirm.tsx';
import { NewAgentForm } from './NewAgentForm.tsx';
import { ResetPasswordForm } from './ResetPasswordForm.tsx';

type Panel = { agentId: string; kind: 'edit' | 'status' | 'password' };

interface Props {
  selfId: string;
  agents: Directory;
}

export function AgentsSettings({ selfId, agents }: Props) {
  const { t, locale } = useI18n();
  const [panel, setPanel] = useState<Panel | null>(null);
  const collator = new Intl.Collator(locale, { sensitivity: 'base' });
  const list = [...agents.directory.values()].sort((a, b) => collator.compare(a.name, b.name) || a.id.localeCompare(b.id));

  const toggle = (agentId: string, kind: Panel['kind']) =>
    setPanel((open) => (open?.agentId === agentId && open.kind === kind ? null : { agentId, kind }));
  const close = () => setPanel(null);

  const panelFor = (agent: AgentProfile) => {
    if (panel?.agentId !== agent.id) return null;
    const props = { agent, onDone: agents.learn, onClose: close };
    if (panel.kind === 'edit') return <AgentEditForm {...props} />;
    if (panel.kind === 'status') return <AgentStatusConfirm {...props} />;
    return <ResetPasswordForm {...props} />;
  };

  return (
    <section class="settings-section" aria-labelledby="agents-title">
      <h2 id="agents-title">{t('agents.heading')}</h2>
      <div class="table-scroll">
        <table class="agents-table">
          <caption class="sr-only">{t('agents.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('agents.name')}</th>
              <th scope="col">{t('agents.email')}</th>
              <th scope="col">{t('agents.role')}</th>
              <th scope="col">{t('agents.state')}</th>
              <th scope="col">{t('agents.capacity')}</th>
              <th scope="col">{t('agents.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((agent) => {
              const open = panelFor(agent);
              return [
                <tr key={agent.id} class={agent.active ? '' : 'agent-inactive'}>
                  <th scope="row">
                    {agent.name} {agent.id === selfId && <span class="muted">{t('agents.you')}</span>}
                  </th>
                  <td class="cell-email">{agent.email}</td>
                  <td>{t(`role.${agent.role}`)}</td>
                  <td>
                    <span class={`badge ${agent.active ? 'badge-active' : 'badge-inactive'}`}>
                      {t(agent.active ? 'agents.active' : 'agents.deactivated')}
                    </span>
                  </td>
                  <td class="cell-capacity">{agent.capacity ?? t('agents.capacityDefault')}</td>
                  <td class="cell-actions">
                    <div class="row-actions">
                      <button
                        type="button"
                        class="button-quiet-dark"
                        aria-expanded={panel?.agentId === agent.id && panel.kind === 'edit'}
                        aria-label={t('agents.edit', { name: agent.name })}
                        onClick={() => toggle(agent.id, 'edit')}
                      >
                        {t('agents.editShort')}
                      </button>
                      {agent.id !== selfId && (
                        <button
                          type="button"
                          class="button-quiet-dark"
                          aria-expanded={panel?.agentId === agent.id && panel.kind === 'status'}
                          aria-label={t(agent.active ? 'agents.deactivate' : 'agents.reactivate', { name: agent.name })}
                          onClick={() => toggle(agent.id, 'status')}
                        >
                          {t(agent.active ? 'agents.deactivateShort' : 'agents.reactivateShort')}
                        </button>
                      )}
                      {agent.id !== selfId && (
                        <button
                          type="button"
                          class="button-quiet-dark"
                          aria-expanded={panel?.agentId === agent.id && panel.kind === 'password'}
                          aria-label={t('agents.reset', { name: agent.name })}
                          onClick={() => toggle(agent.id, 'password')}
                        >
                          {t('agents.resetPasswordShort')}
                        </button>
                      )}
                    </div>
                  </td>
                </tr>,
                open && (
                  <tr key={`${agent.id}-panel`} class="agent-panel-row">
                    <td colSpan={6}>{open}</td>
                  </tr>
                ),
              ];
            })}
          </tbody>
        </table>
      </div>
      <NewAgentForm onCreated={agents.learn} />
    </section>
  );
}
