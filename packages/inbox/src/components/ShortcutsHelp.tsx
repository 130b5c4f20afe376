/**
 * The keyboard shortcuts' help (`?`): a modal dialog (the browser's <dialog>: the rest of the page is inert, and Tab
 * goes round its controls), closed by Escape or its button; the focus goes back where it was.
 */
import { useEffect, useId, useRef } from 'preact/hooks';
import { useI18n } from '../hooks/useI18n.ts';
import { SHORTCUT_HELP } from '../state/shortcuts.ts';
import './composer/composer-tools.css';

const FOCUSABLE = 'button, [href], input, select, textarea, [tabindex]:not([tabindex="-1"])';

/** Tab and Shift+Tab go round the dialog's own controls (a modal <dialog> would let them reach the browser's). */
function trapTab(event: KeyboardEvent, dialog: HTMLElement) {
  if (event.key !== 'Tab') return;
  const items = [...dialog.querySelectorAll<HTMLElement>(FOCUSABLE)];
  const first = items[0];
  const last = items[items.length - 1];
  if (!first || !last) return;
  const leaving = event.shiftKey ? document.activeElement === first : document.activeElement === last;
  if (!leaving) return;
  event.preventDefault();
  (event.shiftKey ? last : first).focus();
}

interface Props {
  onClose: () => void;
}

export function ShortcutsHelp({ onClose }: Props) {
  const { t } = useI18n();
  const id = useId();
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const before = document.activeElement;
    dialog.current?.showModal();
    return () => {
      if (before instanceof HTMLElement && before.isConnected) before.focus();
    };
  }, []);

  return (
    <dialog
      ref={dialog}
      class="shortcuts-dialog"
      aria-labelledby={`${id}-title`}
      onCancel={(e) => {
        e.preventDefault(); // Escape: closed by the state, like the button
        onClose();
      }}
      onKeyDown={(e) => trapTab(e, e.currentTarget)}
    >
      <div class="shortcuts-head">
        <h2 id={`${id}-title`}>{t('shortcuts.title')}</h2>
        <button type="button" class="button-secondary" onClick={onClose} autofocus>
          {t('shortcuts.close')}
        </button>
      </div>
      {SHORTCUT_HELP.map((group) => (
        <section key={group.group} aria-labelledby={`${id}-${group.group}`}>
          <h3 id={`${id}-${group.group}`}>{t(group.group)}</h3>
          <dl class="shortcuts-list">
            {group.items.map((item) => (
              <div key={item.label} style={{ display: 'contents' }}>
                <dt>
                  {item.keys.map((key, i) => (
                    <span key={key}>
                      {i > 0 && ` ${t('shortcuts.or')} `}
                      <kbd>{key}</kbd>
                    </span>
                  ))}
                </dt>
                <dd>{t(item.label)}</dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
      <p class="shortcuts-note">{t('shortcuts.notTyping')}</p>
    </dialog>
  );
}
