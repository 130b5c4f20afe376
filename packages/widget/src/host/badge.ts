import type { LauncherStrings } from '../app/i18n.ts';
import type { Launcher } from '../loader/launcher.ts';
import { createTitleCue } from '../loader/title-cue.ts';

/** The badge's styles: a count inside the button, and the visually hidden live region `.s`. */
export const BADGE_CSS =
  '.b{position:absolute;top:-6px;right:-6px;padding:0 7px;border-radius:11px;background:#c62828;font:700 12px/22px sans-serif}' +
  '.s{position:fixed;clip-path:inset(50%)}';

export interface Badge {
  /** 0 hides the badge; `null` shows it without a number. Also the button's name and the page title's cue. */
  set(count: number | null): void;
  /** The strings changed (`Parley.setLocale`): say the count again in the new language. */
  relabel(): void;
}

/**
 * The unread badge on the launcher: its count, the button's name while closed ("Open chat, 2 unread", through
 * `launcher.label`), a `status` live region that announces a change, and the `(2) ` cue before the page title.
 */
export function createBadge(doc: Document, launcher: Launcher, strings: () => LauncherStrings): Badge {
  launcher.addStyles(BADGE_CSS);
  const badge = launcher.button.appendChild(doc.createElement('span')); // inside the button, whose name says the count
  badge.className = 'b';
  badge.hidden = true;
  // Always in the tree so screen readers announce a change of the count.
  const status = launcher.container.appendChild(doc.createElement('span'));
  status.className = 's';
  status.setAttribute('role', 'status');
  const cue = createTitleCue(doc);
  let count: number | null = 0;
  const text = (): string => (count === 0 ? '' : count ? strings().unread.replace('{count}', String(count)) : strings().unreadSome);
  launcher.label = () => (text() ? `${strings().openChat}, ${text()}` : strings().openChat);
  const show = (): void => {
    const mark = count === 0 ? '' : count ? (count > 9 ? '9+' : String(count)) : '•';
    badge.hidden = !mark;
    badge.textContent = mark;
    status.textContent = text();
    cue(mark);
    if (!launcher.container.className) launcher.button.setAttribute('aria-label', launcher.label());
  };
  return {
    set(next) {
      count = next;
      show();
    },
    relabel: show,
  };
}
