/** The left pane: the search box, the queue and team tabs, the filters, and the (windowed) ticket list. */
import type { ConversationList as ListState } from '../hooks/useConversationList.ts';
import { useI18n } from '../hooks/useI18n.ts';
import { useTeams } from '../hooks/useTeams.ts';
import type { AgentDirectory } from '../state/agents.ts';
import type { ContactNames } from '../state/contact-names.ts';
import type { ListView } from '../state/list-view.ts';
import type { PresenceBoard } from '../state/presence.ts';
import { ConversationList } from './ConversationList.tsx';
import type { ReadState } from '../hooks/useReadMarks.ts';
import { ListFilters } from './ListFilters.tsx';
import { QueueTabs, tabId, type Tab } from './QueueTabs.tsx';
import { SearchBox } from './SearchBox.tsx';

interface Props {
  view: ListView;
  onView: (view: ListView) => void;
  list: ListState;
  agentId: string;
  directory: AgentDirectory;
  /** The customers' names, by contact id. */
  customers: ContactNames;
  presence: PresenceBoard;
  selected: string | null;
  onSelect: (id: string) => void;
  /** What the agent has read of each listed ticket (unread markers). */
  reads?: ReadState | undefined;
}

const tabOf = (view: ListView): Tab =>
  view.teamId === null ? { queue: view.queue === 'open' ? 'all' : view.queue, teamId: null } : { queue: 'open', teamId: view.teamId };

export function ListPane({ view, onView, list, agentId, directory, customers, presence, selected, onSelect, reads }: Props) {
  const { t } = useI18n();
  const { teams } = useTeams();
  const tab = tabOf(view);
  // A tab keeps the search and the filters; a team tab replaces the team filter.
  const chooseTab = (next: Tab) => onView({ ...view, queue: next.queue, teamId: next.teamId, teamFilter: next.teamId === null ? view.teamFilter : null });
  return (
    <section class="pane pane-list" aria-label={t('queue.label')}>
      <SearchBox value={view.search} onSearch={(search) => onView({ ...view, search })} />
      <QueueTabs current={tab} teams={teams} onChange={chooseTab} />
      <div class="list-panel" role="tabpanel" id="queue-panel" aria-labelledby={tabId(tab)}>
        <ListFilters view={view} teams={teams} directory={directory} agentId={agentId} onChange={onView} />
        <ConversationList list={list} agentId={agentId} directory={directory} customers={customers} presence={presence} selected={selected} onSelect={onSelect} reads={reads} />
      </div>
    </section>
  );
}
