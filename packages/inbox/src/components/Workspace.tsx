/**
 * The signed-in inbox: queues and list on the left, the open ticket in the middle, the contact on the right; or the
 * settings (`#/settings/...`), which share the connection (live rules, session end) with the inbox.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { AgentSelf } from '@parley/protocol/model';
import type { Composing } from '@parley/protocol/presence';
import type { DeskRules } from '@parley/protocol/settings';
import { useAgentDirectory } from '../hooks/useAgentDirectory.ts';
import { useAgentSocket } from '../hooks/useAgentSocket.ts';
import { useContactNames, useNamesFor } from '../hooks/useContactNames.ts';
import { useConversationList } from '../hooks/useConversationList.ts';
import { useListView } from '../hooks/useListView.ts';
import { useDeskRules } from '../hooks/useDeskRules.ts';
import { useHashTicket } from '../hooks/useHashTicket.ts';
import { usePresenceBoard, usePresenceReporter } from '../hooks/usePresence.ts';
import { useSettingsRoute } from '../hooks/useSettingsRoute.ts';
import { useTicket } from '../hooks/useTicket.ts';
import { ConnectionBar } from './ConnectionBar.tsx';
import { useConnectionNotice } from '../hooks/useConnectionNotice.ts';
import { ListPane } from './ListPane.tsx';
import { NameNotice } from './NameNotice.tsx';
import { NotificationsButton } from './Notifications.tsx';
import { useNotifications } from '../hooks/useNotifications.ts';
import { useReadMarks } from '../hooks/useReadMarks.ts';
import { SettingsPage } from './settings/SettingsPage.tsx';
import { TicketPane } from './TicketPane.tsx';
import { ShortcutsHelp } from './ShortcutsHelp.tsx';
import type { ComposeRequest } from './Composer.tsx';
import type { HeaderCommand } from './TicketHeader.tsx';
import { useShortcuts } from '../hooks/useShortcuts.ts';
import { neighbour, type ShortcutAction } from '../state/shortcuts.ts';

interface Props {
  agent: AgentSelf;
  desk: DeskRules;
  onSelf: (agent: AgentSelf) => void;
  onSessionEnded: () => void;
}

export function Workspace({ agent, desk, onSelf, onSessionEnded }: Props) {
  const { socket, status } = useAgentSocket(onSessionEnded);
  const connectionNotice = useConnectionNotice(status);
  const agents = useAgentDirectory(socket, agent);
  const { directory } = agents;
  const [view, setView] = useListView();
  const customers = useContactNames(socket);
  const list = useConversationList(socket, view, agent.id, customers.learn);
  useNamesFor(list.conversations, customers);
  const [selected, select] = useHashTicket();
  const settings = useSettingsRoute();
  const ticket = useTicket(socket, selected, list.apply);
  const presence = usePresenceBoard(socket, agent.id);
  // What this agent is writing, and on which ticket (a composer reports for its own ticket only).
  const [composing, setComposing] = useState<{ conversationId: string; composing: Composing } | null>(null);
  const onComposing = useCallback(
    (conversationId: string, next: Composing) =>
      setComposing((prev) =>
        prev?.conversationId === conversationId && prev.composing === next ? prev : { conversationId, composing: next },
      ),
    [],
  );
  usePresenceReporter(socket, settings ? null : selected, composing?.conversationId === selected ? composing.composing : null);

  // This agent's account as the directory last heard it: a change there (an admin renamed or promoted them, or their
  // own save in another tab) reaches the top bar and the settings. Only a new entry counts, never an old one again.
  const pushed = directory.get(agent.id);
  const current = useRef(agent);
  current.current = agent;
  useEffect(() => {
    if (!pushed) return;
    const { name, role, initials, availability, capacity, active } = pushed;
    const self = current.current;
    if (name !== self.name || role !== self.role || initials !== self.initials || availability !== self.availability || capacity !== self.capacity) {
      onSelf({ ...self, name, role, initials, availability, capacity, active });
    }
  }, [pushed, onSelf]);
  // The account as the server answered it (the profile form, the re-read after a reconnect): the directory learns
  // it too, so its older entry cannot undo it.
  const { learn } = agents;
  const saveSelf = useCallback(
    (self: AgentSelf) => {
      current.current = self;
      learn(self);
      onSelf(self);
    },
    [learn, onSelf],
  );
  const rules = useDeskRules(socket, desk, saveSelf);
  const notifications = useNotifications(
    socket,
    agent,
    { id: settings ? null : selected, conversation: ticket.state.conversation },
    list.conversations,
    rules.routingMode !== 'manual',
  );
  // Keyboard shortcuts (`?` lists them): the list's next/previous ticket, the composer's modes, the header's actions.
  const [help, setHelp] = useState(false);
  const [composeRequest, setComposeRequest] = useState<ComposeRequest | null>(null);
  const [headerCommand, setHeaderCommand] = useState<HeaderCommand | null>(null);
  const ticketOpen = selected !== null && ticket.state.conversation?.id === selected;
  useShortcuts(!settings, (action: ShortcutAction) => {
    if (action === 'help') setHelp(true);
    else if (action === 'next' || action === 'previous') {
      const next = neighbour(list.conversations.map((c) => c.id), selected, action === 'next' ? 1 : -1);
      if (next === null || next === selected) return false;
      select(next);
    } else if (!ticketOpen) return false;
    else if (action === 'reply' || action === 'note') {
      setComposeRequest((prev) => ({ type: action === 'reply' ? 'agent' : 'note', n: (prev?.n ?? 0) + 1 }));
    } else setHeaderCommand((prev) => ({ action, n: (prev?.n ?? 0) + 1 }));
    return true;
  });

  const reads = useReadMarks(socket, list.conversations, settings ? null : ticket.state.conversation);
  const bell = <NotificationsButton notifications={notifications} directory={directory} onOpen={select} />;

  const connection = <ConnectionBar notice={connectionNotice} />;

  if (settings) {
    return (
      <>
        {connection}
        <div class="workspace workspace-settings">
          {bell}
          <SettingsPage section={settings} self={agent} onSelf={saveSelf} agents={agents} ticketId={selected} />
        </div>
      </>
    );
  }

  return (
    <>
      {bell}
      <NameNotice name={agent.name} />
      {connection}
      <div class="workspace">
        <ListPane
          view={view}
          onView={setView}
          list={list}
          agentId={agent.id}
          directory={directory}
          customers={customers.names}
          presence={presence}
          selected={selected}
          onSelect={select}
          reads={reads}
        />
        <TicketPane
          socket={socket}
          selected={selected}
          ticket={ticket}
          agent={agent}
          directory={directory}
          presence={presence}
          replyPolicy={rules.replyPolicy}
          onComposing={onComposing}
          deskName={rules.name}
          composeRequest={composeRequest}
          headerCommand={headerCommand}
          onContact={customers.learn}
          customers={customers.names}
        />
      </div>
      {help && <ShortcutsHelp onClose={() => setHelp(false)} />}
    </>
  );
}
