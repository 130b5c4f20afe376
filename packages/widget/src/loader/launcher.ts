import { format, type LauncherStrings } from '../app/i18n.ts';
import { LAUNCHER_CSS } from './launcher-styles.ts';

const CHAT_ICON = 'M20 2H4a2 2 0 0 0-2 2v18l4-4h14a2 2 0 0 0 2-2V4a2 2 0 0 0-2-2z';
const CLOSE_ICON = 'M6.4 5 5 6.4l5.6 5.6L5 17.6 6.4 19l5.6-5.6 5.6 5.6 1.4-1.4-5.6-5.6L19 6.4 17.6 5 12 10.6z';

/**
 * The launcher button (and the chat panel's slot) in a shadow root on a host element in `<body>`. The root is
 * open: the styles are just as isolated, and assistive tooling and test locators (which skip closed roots) see in.
 */
export interface Launcher {
  button: HTMLButtonElement;
  /** Where the chat frame goes, next to the button. */
  container: HTMLElement;
  setOpen(open: boolean): void;
  /** 0 hides the badge; `null` shows it without a number. */
  setUnread(count: number | null): void;
}

export function createLauncher(doc: Document, strings: LauncherStrings): Launcher {
  const el = <K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string>) => {
    const element = doc.createElement(tag);
    for (const name in attributes) element.setAttribute(name, attributes[name] as string);
    return element;
  };
  const host = doc.createElement('parley-widget');
  host.style.setProperty('all', 'initial', 'important');
  const root = host.attachShadow({ mode: 'open' });
  adoptStyles(doc, root);

  const container = doc.createElement('div');
  const button = el('button', { type: 'button', class: 'l', 'aria-describedby': 'u' });
  const icon = doc.createElementNS('http://www.w3.org/2000/svg', 'svg');
  const path = doc.createElementNS('http://www.w3.org/2000/svg', 'path');
  icon.setAttribute('viewBox', '0 0 24 24');
  icon.setAttribute('aria-hidden', 'true');
  icon.append(path);
  button.append(icon);
  const badge = el('span', { class: 'b', 'aria-hidden': 'true' });
  // Always in the tree so screen readers announce changes; it also describes the button.
  const status = el('span', { class: 's', id: 'u', role: 'status' });
  container.append(button, badge, status);
  root.append(container);
  doc.body.append(host);

  const launcher: Launcher = {
    button,
    container,
    setOpen(open) {
      container.className = open ? 'o' : '';
      button.setAttribute('aria-label', open ? strings.closeChat : strings.openChat);
      button.setAttribute('aria-expanded', String(open));
      path.setAttribute('d', open ? CLOSE_ICON : CHAT_ICON);
    },
    setUnread(count) {
      badge.hidden = count === 0;
      badge.textContent = count ? (count > 9 ? '9+' : String(count)) : '';
      status.textContent = count === 0 ? '' : count ? format(strings.unreadCount, { count }) : strings.unreadSome;
    },
  };
  launcher.setOpen(false);
  launcher.setUnread(0);
  return launcher;
}

/** Constructed style sheets pass a host page's strict `style-src` CSP; a `<style>` element is the fallback. */
function adoptStyles(doc: Document, root: ShadowRoot): void {
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(LAUNCHER_CSS);
    root.adoptedStyleSheets = [sheet];
  } catch {
    const style = doc.createElement('style');
    style.textContent = LAUNCHER_CSS;
    root.append(style);
  }
}
