/** Queue tabs (All / Unassigned / Mine / Resolved): a tablist with arrow-key navigation. */
import { useRef } from 'preact/hooks';
import { useI18n } from '../hooks/useI18n.ts';
import { QUEUES, type Queue } from '../state/conversations.ts';

interface Props {
  queue: Queue;
  onChange: (queue: Queue) => void;
}

export function QueueTabs({ queue, onChange }: Props) {
  const { t } = useI18n();
  const tabs = useRef<HTMLDivElement>(null);

  const onKeyDown = (event: KeyboardEvent) => {
    const index = QUEUES.indexOf(queue);
    const moves: Record<string, number> = {
      ArrowRight: index + 1,
      ArrowLeft: index - 1,
      Home: 0,
      End: QUEUES.length - 1,
    };
    const target = moves[event.key];
    if (target === undefined) return;
    event.preventDefault();
    const next = QUEUES[(target + QUEUES.length) % QUEUES.length] ?? queue;
    onChange(next);
    tabs.current?.querySelector<HTMLButtonElement>(`#queue-tab-${next}`)?.focus();
  };

  return (
    <div class="tabs" role="tablist" aria-label={t('queue.label')} ref={tabs} onKeyDown={onKeyDown}>
      {QUEUES.map((q) => (
        <button
          key={q}
          type="button"
          role="tab"
          id={`queue-tab-${q}`}
          aria-selected={q === queue}
          aria-controls="queue-panel"
          tabIndex={q === queue ? 0 : -1}
          onClick={() => onChange(q)}
        >
          {t(`queue.${q}`)}
        </button>
      ))}
    </div>
  );
}
