/** Who a ticket is assigned to: "Unassigned", "You", the agent's name, or "Another agent" when not (yet) known. */
import { useI18n, type I18n } from '../hooks/useI18n.ts';
import { assigneeView, type AgentDirectory, type AssigneeView } from '../state/agents.ts';

/** The words for an assignee; `option` is the longer form used in the assignee select ("Mina (you)"). */
export function assigneeText(t: I18n['t'], view: AssigneeView, option = false): string {
  switch (view.kind) {
    case 'none':
      return t('assignee.none');
    case 'me':
      return option && view.name !== '' ? t('assignee.meOption', { name: view.name }) : t('assignee.me');
    case 'agent':
      return view.name;
    case 'unknown':
      return t('assignee.other');
  }
}

interface Props {
  assigneeId: string | null;
  agentId: string;
  directory: AgentDirectory;
}

export function AssigneeName({ assigneeId, agentId, directory }: Props) {
  const { t } = useI18n();
  return <>{assigneeText(t, assigneeView(assigneeId, agentId, directory))}</>;
}
