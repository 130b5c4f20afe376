/**
 * Escape closes a popup wherever the focus is (on its own button, in it, or on the page), unless something nearer
 * already took the key (a composer's picker, a field) or an input method is composing.
 */
export function onEscape(target: EventTarget, close: () => void): () => void {
  const onKey = (event: Event) => {
    const e = event as KeyboardEvent;
    if (e.key !== 'Escape' || e.isComposing || e.defaultPrevented) return;
    e.preventDefault();
    close();
  };
  target.addEventListener('keydown', onKey);
  return () => target.removeEventListener('keydown', onKey);
}
