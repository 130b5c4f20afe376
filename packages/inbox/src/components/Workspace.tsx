/** The signed-in inbox: queues and list on the left, the open ticket in the middle, the contact on the right. */
import { useCallback, useState } from 'preact/hooks';
import type { AgentProfile } from '@parley/protocol/model';
import type { Composing } from '@parley/protocol/presence';
import { useAgentDirectory } from '../hooks/useAgentDirectory.ts';
import { useAgentSocket } from '../hooks/useAgentSocket.ts';
import { useConversationList } from '../hooks/useConversationList.ts';
import { useHashTicket } from '../hooks/useHashTicket.ts';
import { useI18n } from '../hooks/useI18n.ts';
import { usePresenceBoard, usePresenceReporter } from '../hooks/usePresence.ts';
import { useTicket } from '../hooks/useTicket.ts';
import { QUEUES, type Queue } from '../state/conversations.ts';
import { PREF_QUEUE, readPref, writePref } from '../prefs.ts';
import { ConversationList } from './ConversationList.tsx';
import { QueueTabs } from './QueueTabs.tsx';
import { TicketPane } from './TicketPane.tsx';

interface Props {
  agent: AgentProfile;
  onSessionEnded: () => void;
}

function storedQueue(): Queue {
  const value = readPref(PREF_QUEUE);
  return QUEUES.find((q) => q === value) ?? 'all';
}

export function Workspace({ agent, onSessionEnded }: Props) {
  const { t } = useI18n();
  const { socket, status } = useAgentSocket(onSessionEnded);
  const directory = useAgentDirectory(socket, agent);
  const [queue, setQueue] = useState<Queue>(storedQueue);
  const list = useConversationList(socket, queue, agent.id);
  const [selected, select] = useHashTicket();
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
  usePresenceReporter(socket, selected, composing?.conversationId === selected ? composing.composing : null);

  const chooseQueue = (next: Queue) => {
    writePref(PREF_QUEUE, next);
    setQueue(next);
  };

  return (
    <div class="workspace">
      <p class="connection" role="status">
        {status === 'offline' ? t('connection.offline') : ''}
      </p>
      <section class="pane pane-list" aria-label={t('queue.label')}>
        <QueueTabs queue={queue} onChange={chooseQueue} />
        <div class="list-panel" role="tabpanel" id="queue-panel" aria-labelledby={`queue-tab-${queue}`}>
          <ConversationList
            list={list}
            agentId={agent.id}
            directory={directory}
            presence={presence}
            selected={selected}
            onSelect={select}
          />
        </div>
      </section>
      <TicketPane
        selected={selected}
        ticket={ticket}
        agent={agent}
        directory={directory}
        presence={presence}
        onComposing={onComposing}
      />
    </div>
  );
}
