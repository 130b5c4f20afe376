/** Whether a key press happened while the agent types into a field (shortcuts must then leave it alone). */
export function isTypingTarget(target: EventTarget | null): boolean {
  const element = target as Partial<Pick<HTMLElement, 'tagName' | 'isContentEditable'>> | null;
  if (!element || typeof element.tagName !== 'string') return false;
  if (element.isContentEditable === true) return true;
  return ['INPUT', 'TEXTAREA', 'SELECT'].includes(element.tagName.toUpperCase());
}

/** The search shortcut: Ctrl+K (⌘K) anywhere, `/` when not typing. */
export function isSearchShortcut(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'target'>): boolean {
  if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'k') return true;
  return event.key === '/' && !event.ctrlKey && !event.metaKey && !event.altKey && !isTypingTarget(event.target);
}
