import { useEffect, useRef, useState } from 'preact/hooks';
import type { TargetedEvent, TargetedKeyboardEvent } from 'preact';
import type { AppStrings } from '../i18n.ts';
import { MAX_MESSAGE_LENGTH } from '../limits.ts';

interface ComposerProps {
  strings: AppStrings;
  /** Queue the text; `false` when it was refused (empty or too long) and should stay in the box. */
  onSend: (text: string) => boolean;
  /** Changes whenever the composer should take focus (panel opened). */
  focusSignal: number;
}

/** The message box: Enter sends, Shift+Enter adds a line, an IME composition (Korean input) is never cut short. */
export function Composer({ strings, onSend, focusSignal }: ComposerProps) {
  const [text, setText] = useState('');
  const input = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    input.current?.focus();
  }, [focusSignal]);

  function submit(): void {
    if (onSend(text)) setText('');
    input.current?.focus();
  }

  function onSubmit(event: TargetedEvent<HTMLFormElement, SubmitEvent>): void {
    event.preventDefault();
    submit();
  }

  function onKeyDown(event: TargetedKeyboardEvent<HTMLTextAreaElement>): void {
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing || event.keyCode === 229) return;
    event.preventDefault();
    submit();
  }

  return (
    <form class="composer" onSubmit={onSubmit}>
      <label class="visually-hidden" for="parley-message">
        {strings.message}
      </label>
      <textarea
        id="parley-message"
        ref={input}
        class="composer-input"
        rows={2}
        maxLength={MAX_MESSAGE_LENGTH}
        placeholder={strings.messagePlaceholder}
        value={text}
        onInput={(event) => setText(event.currentTarget.value)}
        onKeyDown={onKeyDown}
      />
      <button type="submit" class="send-button" disabled={text.trim() === ''}>
        {strings.send}
      </button>
    </form>
  );
}
