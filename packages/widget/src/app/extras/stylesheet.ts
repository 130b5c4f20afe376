/** The hashed name of the extras' stylesheet, set by bundle.mjs (absent in tests). */
declare const PARLEY_EXTRAS_CSS: string | undefined;

/** The extras' styles come with their chunk: a stylesheet next to it (the frame's CSP allows no inline styles). */
export function addStylesheet(doc: Document | undefined = globalThis.document): void {
  if (typeof PARLEY_EXTRAS_CSS === 'undefined' || !doc) return;
  const link = doc.createElement('link');
  link.rel = 'stylesheet';
  link.href = new URL(PARLEY_EXTRAS_CSS, import.meta.url).href;
  doc.head.append(link);
}
