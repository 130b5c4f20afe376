/** Who a ticket is assigned to, as far as the inbox knows (agent names come with a later directory API). */
import { useI18n } from '../hooks/useI18n.ts';

export function AssigneeName({ assigneeId, agentId }: { assigneeId: string | null; agentId: string }) {
  const { t } = useI18n();
  if (assigneeId === null) return <>{t('assignee.none')}</>;
  return <>{assigneeId === agentId ? t('assignee.me') : t('assignee.other')}</>;
}
