import { LAUNCHER_CSS } from './launcher-styles.ts';
import { lookCss, type Look } from './look.ts';

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
  /** Adds a style sheet to the shadow root (the panel's, when it loads); returns what replaces its rules. */
  addStyles(css: string): (css: string) => void;
  /**
   * The desk's look: colour (checked `#hex`), side, label (the button's tooltip). The button is hidden until the
   * first call; the default look (`[]`) changes nothing once the button is shown.
   */
  look(look: Look | []): void;
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
  let shown = false;
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
        return (next) => sheet.replaceSync(next);
      } catch {
        const style = el('style', '', root);
        style.textContent = css;
        return (next) => (style.textContent = next);
      }
    },
    look([color, left, label]) {
      if (shown && !color) return;
      shown = true;
      setLook(lookCss(color, left));
      button.title = label || '';
    },
    label: () => openChat,
  };
  launcher.addStyles(LAUNCHER_CSS);
  // Hidden until the desk's look is known, so it never shows on a side it would leave.
  const setLook = launcher.addStyles('.l{visibility:hidden}');
  button.setAttribute('aria-label', openChat);
  button.setAttribute('aria-expanded', 'false');
  doc.body.append(host);
  return launcher;
}
