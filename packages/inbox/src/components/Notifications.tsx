/**
 * The notifications button (in the top bar, with the count in its name) and its list: mentions in notes and tickets
 * of the agent's that moved. Choosing one opens its ticket. Escape or the button closes the list.
 */
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { createPortal } from 'preact/compat';
import type { Notifications as Model } from '../hooks/useNotifications.ts';
import { useI18n } from '../hooks/useI18n.ts';
import { unreadMentions } from '../state/notifications.ts';
import type { AgentDirectory } from '../state/agents.ts';
import { formatTime } from '../format.ts';
import { onEscape } from '../on-escape.ts';
import './notifications.css';

interface Props {
  notifications: Model;
  directory: AgentDirectory;
  onOpen: (conversationId: string) => void;
}

export const TOPBAR_SLOT_ID = 'topbar-slot';
/** Mentions shown in the list: the newest ones, read or not. */
const MENTIONS_SHOWN = 10;

export function NotificationsButton(props: Props) {
  const [slot, setSlot] = useState<HTMLElement | null>(null);
  useEffect(() => setSlot(document.getElementById(TOPBAR_SLOT_ID)), []);
  return slot ? createPortal(<NotificationsMenu {...props} />, slot) : null;
}

function NotificationsMenu({ notifications, directory, onOpen }: Props) {
  const { t, locale } = useI18n();
  const id = useId();
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const { state, count } = notifications;
  const unread = unreadMentions(state);
  // Opening the list marks mentions seen; the ones that were new when it opened stay marked as new while it is open.
  const [newOnOpen, setNewOnOpen] = useState<ReadonlySet<string>>(new Set());
  const mentions = state.mentions.slice(0, MENTIONS_SHOWN);

  // Escape closes the list wherever the focus is (still on the button after opening it), and the focus goes back to
  // the button.
  useEffect(() => {
    if (!open) return;
    return onEscape(document, () => {
      setOpen(false);
      button.current?.focus();
    });
  }, [open]);
  const choose = (conversationId: string) => {
    notifications.dismiss(conversationId);
    setOpen(false);
    onOpen(conversationId);
  };
  const toggle = () => {
    if (!open) {
      setNewOnOpen(new Set(unread.map((m) => m.id)));
      // Also what says transfers and escalations were seen, so a reload does not list them again.
      notifications.markMentionsSeen();
    }
    setOpen(!open);
  };

  return (
    <div class="notify">
      <button
        ref={button}
        type="button"
        class="button-quiet notify-button"
        aria-expanded={open}
        aria-controls={`${id}-list`}
        aria-label={count > 0 ? t('notify.button', { count: String(count) }) : t('notify.label')}
        onClick={toggle}
      >
        <svg class="notify-icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
          <path
            fill="currentColor"
            d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
          />
        </svg>
        {count > 0 && (
          <span class="notify-count" aria-hidden="true">
            {count > 99 ? '99+' : count}
          </span>
        )}
      </button>
      {open && (
        <div
          id={`${id}-list`}
          class="notify-panel"
          role="region"
          aria-label={t('notify.label')}
        >
          {mentions.length === 0 && state.tickets.length === 0 ? (
            <p class="notify-empty">{t('notify.empty')}</p>
          ) : (
            <ul class="notify-items">
              {mentions.map((m) => (
                <li key={m.id}>
                  <button type="button" class={`notify-item${newOnOpen.has(m.id) ? ' notify-new' : ''}`} onClick={() => choose(m.conversationId)}>
                    <strong>
                      {newOnOpen.has(m.id) && <span class="notify-dot">{t('notify.new.label')} </span>}
                      {t('notify.mention', { number: String(m.number) })}
                    </strong>
                    <span class="notify-body">
                      {t('notify.mentionBy', { name: (m.byAgentId && directory.get(m.byAgentId)?.name) || t('assignee.other'), excerpt: m.excerpt })}
                    </span>
                    <time dateTime={m.at}>{formatTime(m.at, locale)}</time>
                  </button>
                </li>
              ))}
              {state.tickets.map((a) => (
                <li key={a.conversationId}>
                  <button type="button" class="notify-item" onClick={() => choose(a.conversationId)}>
                    <strong>{t(`notify.${a.reason}`, { number: String(a.number) })}</strong>
                    <span class="notify-body">
                      {a.note
                        ? t('notify.noteBy', { name: (a.byAgentId && directory.get(a.byAgentId)?.name) || t('assignee.other'), note: a.note })
                        : a.preview}
                    </span>
                    <time dateTime={a.at}>{formatTime(a.at, locale)}</time>
                  </button>
                </li>
              ))}
            </ul>
          )}
          {state.tickets.length > 0 && (
            <button type="button" class="button-quiet" onClick={notifications.clear}>
              {t('notify.clear')}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
