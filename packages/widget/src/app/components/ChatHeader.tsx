interface ChatHeaderProps {
  title: string;
  /** Whether someone would answer now, in words (under the title); nothing until the server has said,
   * nor while the chat has no connection (it could not know, nor reach anyone). */
  availability?: string | null;
  closeLabel: string;
  onClose: () => void;
  /** The button left of the title: to the list of conversations, or back from it. */
  nav: { label: string; back: boolean; onClick: () => void };
}

/** The desk name, the way to the conversations (or back) and the button that hides the panel. */
export function ChatHeader({ title, availability, closeLabel, onClose, nav }: ChatHeaderProps) {
  return (
    <header class="chat-header">
      <button type="button" class="icon-button" aria-label={nav.label} title={nav.label} onClick={nav.onClick}>
        <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
          <path d={nav.back ? 'M15.4 5 8.4 12l7 7 1.4-1.4L11.2 12l5.6-5.6z' : 'M4 6h16v2H4zm0 5h16v2H4zm0 5h16v2H4z'} />
        </svg>
      </button>
      <div class="chat-heading">
        <h1 class="chat-title">{title}</h1>
        {availability && (
          <p class="chat-availability" role="status">
            {availability}
          </p>
        )}
      </div>
      <button type="button" class="icon-button" aria-label={closeLabel} title={closeLabel} onClick={onClose}>
        <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
          <path d="M6.4 5 5 6.4 10.6 12 5 17.6 6.4 19l5.6-5.6 5.6 5.6 1.4-1.4-5.6-5.6L19 6.4 17.6 5 12 10.6z" />
        </svg>
      </button>
    </header>
  );
}
