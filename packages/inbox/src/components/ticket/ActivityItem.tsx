/** One change of the ticket as a line of its timeline ("Mina assigned this to Billing · 10:42"). */
import type { TicketActivity } from '@parley/protocol/model';
import { formatDateTime, formatTime } from '../../format.ts';
import { useI18n } from '../../hooks/useI18n.ts';
import { teamName, useTeams } from '../../hooks/useTeams.ts';
import { priorityKey, statusKey } from '../../i18n.ts';
import { activityTexts, type ActivityNames } from '../../state/activity.ts';
import { assigneeView, type AgentDirectory } from '../../state/agents.ts';
import { assigneeText } from '../AssigneeName.tsx';

interface Props {
  activity: TicketActivity;
  directory: AgentDirectory;
  agentId: string;
}

export function ActivityItem({ activity, directory, agentId }: Props) {
  const { t, locale } = useI18n();
  const { teams } = useTeams();
  const view = (id: string | null) => assigneeView(id, agentId, directory);
  const agent = (id: string | null) => {
    const v = view(id);
    if (v.kind === 'me') return t('activity.agentSelf');
    return v.kind === 'none' ? assigneeText(t, v) : t('activity.agentName', { name: assigneeText(t, v) });
  };
  const agentActor = (id: string | null) => {
    const v = view(id);
    return v.kind === 'me' ? t('activity.actorSelf') : t('activity.actorAgent', { name: assigneeText(t, v) });
  };
  const names: ActivityNames = {
    agent,
    team: (id) => teamName(teams, id) || t('team.other'),
    status: (status) => t(statusKey(status)),
    priority: (priority) => t(priorityKey(priority)),
    time: (iso) => formatDateTime(iso, locale),
    actor: (actor) => (actor.type === 'visitor' ? t('activity.customer') : actor.type === 'system' ? t('activity.system') : agentActor(actor.id)),
  };
  const lines = activityTexts(activity, names);
  if (lines.length === 0) return null;
  return (
    <li class="msg-activity">
      {lines.map((line, i) => (
        <span key={i}>
          {i > 0 && ' · '}
          {t(line.key, line.params)}
          {line.note && (
            <>
              {': '}
              <q class="activity-note">{line.note}</q>
            </>
          )}
        </span>
      ))}
      <time class="msg-time" dateTime={activity.at} title={formatDateTime(activity.at, locale)}>
        {formatTime(activity.at, locale)}
      </time>
    </li>
  );
}
