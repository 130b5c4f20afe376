interface ChatHeaderProps {
  title: string;
  closeLabel: string;
  onClose: () => void;
}

/** The desk name and the button that hides the panel. */
export function ChatHeader({ title, closeLabel, onClose }: ChatHeaderProps) {
  return (
    <header class="chat-header">
      <h1 class="chat-title">{title}</h1>
      <button type="button" class="icon-button" aria-label={closeLabel} title={closeLabel} onClick={onClose}>
        <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
          <path d="M6.4 5 5 6.4 10.6 12 5 17.6 6.4 19l5.6-5.6 5.6 5.6 1.4-1.4-5.6-5.6L19 6.4 17.6 5 12 10.6z" />
        </svg>
      </button>
    </header>
  );
}
