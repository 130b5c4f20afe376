import type { LauncherStrings } from '../app/i18n.ts';
import { LAUNCHER_CSS } from './launcher-styles.ts';
import { createTitleCue } from './title-cue.ts';

/** The chat icon; the panel swaps in its close icon while open. */
export const CHAT_ICON = 'M3 3h18v14H8l-5 4z';

/**
 * The launcher button (and the chat panel's slot) in a shadow root on a host element in `<body>`. The root is
 * open: the styles are just as isolated, and assistive tooling and test locators (which skip closed roots) see in.
 */
export interface Launcher {
  button: HTMLButtonElement;
  /** The icon's path (`d`): the panel shows its close icon while open. */
  icon: SVGPathElement;
  /** Where the chat frame goes, next to the button. */
  container: HTMLElement;
  /** Adds a style sheet to the shadow root (the panel's, when it loads). */
  addStyles(css: string): void;
  /** The button's name while the panel is closed: "Open chat", or with the unread count, "Open chat, 2 unread". */
  label(): string;
  /** 0 hides the badge; `null` shows it without a number. Also the button's name and the page title's cue. */
  setUnread(count: number | null): void;
}

export function createLauncher(doc: Document, strings: LauncherStrings): Launcher {
  const el = (tag: string, className: string, parent: Node): HTMLElement => {
    const element = parent.appendChild(doc.createElement(tag));
    element.className = className;
    return element;
  };
  const host = doc.createElement('parley-widget');
  host.style.setProperty('all', 'initial', 'important');
  const root = host.attachShadow({ mode: 'open' });
  const container = el('div', '', root);
  const button = el('button', 'l', container) as HTMLButtonElement;
  button.type = 'button';
  // Elements, not innerHTML: a host page enforcing Trusted Types refuses markup strings.
  const svg = 'http://www.w3.org/2000/svg';
  const svgIcon = button.appendChild(doc.createElementNS(svg, 'svg'));
  const icon = svgIcon.appendChild(doc.createElementNS(svg, 'path'));
  svgIcon.setAttribute('viewBox', '0 0 24 24');
  svgIcon.setAttribute('aria-hidden', 'true');
  icon.setAttribute('d', CHAT_ICON);
  const badge = el('span', 'b', button); // inside the button, whose name (aria-label) says the count
  // Always in the tree so screen readers announce a change of the count.
  const status = el('span', 's', container);
  status.setAttribute('role', 'status');

  const cue = createTitleCue(doc);
  let unread = '';
  const launcher: Launcher = {
    button,
    icon,
    container,
    addStyles(css) {
      // Constructed style sheets pass a host page's strict `style-src` CSP; a `<style>` element is the fallback.
      try {
        const sheet = new CSSStyleSheet();
        sheet.replaceSync(css);
        root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
      } catch {
        el('style', '', root).textContent = css;
      }
    },
    label: () => (unread ? `${strings.openChat}, ${unread}` : strings.openChat),
    setUnread(count) {
      const mark = count === 0 ? '' : count ? (count > 9 ? '9+' : String(count)) : '•';
      badge.hidden = !mark;
      badge.textContent = mark;
      status.textContent = unread = mark && (count ? strings.unread.replace('{count}', String(count)) : strings.unreadSome);
      cue(mark);
      if (!container.className) button.setAttribute('aria-label', launcher.label());
    },
  };
  launcher.addStyles(LAUNCHER_CSS);
  launcher.setUnread(0);
  button.setAttribute('aria-expanded', 'false');
  doc.body.append(host);
  return launcher;
}
