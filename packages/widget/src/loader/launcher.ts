import { LAUNCHER_CSS } from './launcher-styles.ts';

/** The chat icon; the panel swaps in its close icon while open. */
export const CHAT_ICON = 'M3 3h18v14H8l-5 4z';

/**
 * The launcher button (and the chat panel's slot) in a shadow root on a host element in `<body>`. The root is
 * open: the styles are just as isolated, and assistive tooling and test locators (which skip closed roots) see in.
 * The unread badge is the host chunk's (`src/host/badge.ts`): a visitor who never chatted never needs it.
 */
export interface Launcher {
  /** The `<parley-widget>` element on the host page (`Parley.hide()` hides it). */
  host: HTMLElement;
  button: HTMLButtonElement;
  /** The icon's path (`d`): the panel shows its close icon while open. */
  icon: SVGPathElement;
  /** Where the chat frame goes, next to the button. */
  container: HTMLElement;
  /** Adds a style sheet to the shadow root (the panel's, when it loads). */
  addStyles(css: string): void;
  /** The button's name while the panel is closed: "Open chat"; the badge makes it "Open chat, 2 unread". */
  label(): string;
}

export function createLauncher(doc: Document, openChat: string): Launcher {
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
  const launcher: Launcher = {
    host,
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
    label: () => openChat,
  };
  launcher.addStyles(LAUNCHER_CSS);
  button.setAttribute('aria-label', openChat);
  button.setAttribute('aria-expanded', 'false');
  doc.body.append(host);
  return launcher;
}
