/** Queue tabs (All / Unassigned / Mine / Snoozed / Resolved, then each team's queue): a tablist with arrow keys. */
import { useRef } from 'preact/hooks';
import type { Team } from '@parley/protocol/model';
import { useI18n } from '../hooks/useI18n.ts';
import { QUEUES, type Queue } from '../state/conversations.ts';

/** A tab: a queue, or a team's queue (its active tickets). */
export type Tab = { queue: Queue; teamId: null } | { queue: 'open'; teamId: string };

export const tabId = (tab: Tab): string => (tab.teamId === null ? `queue-tab-${tab.queue}` : `queue-tab-team-${tab.teamId}`);

interface Props {
  current: Tab;
  teams: readonly Team[];
  onChange: (tab: Tab) => void;
}

export function QueueTabs({ current, teams, onChange }: Props) {
  const { t } = useI18n();
  const tabs = useRef<HTMLDivElement>(null);
  const all: Tab[] = [...QUEUES.map((queue): Tab => ({ queue, teamId: null })), ...teams.map((team): Tab => ({ queue: 'open', teamId: team.id }))];
  const currentId = tabId(current);

  const onKeyDown = (event: KeyboardEvent) => {
    const index = all.findIndex((tab) => tabId(tab) === currentId);
    const moves: Record<string, number> = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: all.length - 1 };
    const target = moves[event.key];
    if (target === undefined) return;
    event.preventDefault();
    const next = all[(target + all.length) % all.length] ?? current;
    onChange(next);
    tabs.current?.querySelector<HTMLButtonElement>(`#${tabId(next)}`)?.focus();
  };

  return (
    <div class="tabs" role="tablist" aria-label={t('queue.label')} ref={tabs} onKeyDown={onKeyDown}>
      {all.map((tab) => {
        const id = tabId(tab);
        const selected = id === currentId;
        const label = tab.teamId === null ? t(`queue.${tab.queue}`) : (teams.find((team) => team.id === tab.teamId)?.name ?? '');
        return (
          <button
            key={id}
            type="button"
            role="tab"
            id={id}
            aria-selected={selected}
            aria-controls="queue-panel"
            tabIndex={selected ? 0 : -1}
            onClick={() => onChange(tab)}
          >
            {label}
          </button>
        );
      })}
    </div>
  );
}
