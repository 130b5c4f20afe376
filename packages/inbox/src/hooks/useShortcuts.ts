/** The inbox's keyboard shortcuts (state/shortcuts.ts decides what a key press is): one listener on the document. */
import { useEffect, useRef } from 'preact/hooks';
import { shortcutOf, type ShortcutAction } from '../state/shortcuts.ts';

/** `run` answers whether it did something (then the key does nothing else: `r` is not also typed in the composer). */
export function useShortcuts(enabled: boolean, run: (action: ShortcutAction) => boolean): void {
  const latest = useRef(run);
  latest.current = run;
  useEffect(() => {
    if (!enabled) return;
    const onKey = (event: KeyboardEvent) => {
      // A modal dialog (the help itself) has the keyboard.
      if (document.querySelector('dialog[open]')) return;
      const action = shortcutOf(event);
      if (action && latest.current(action)) event.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [enabled]);
}
