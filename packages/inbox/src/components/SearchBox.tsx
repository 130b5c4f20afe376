/** The ticket search: typed words are sent a moment after the agent stops typing (at once on Enter); Ctrl+K or `/` focuses it. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { MAX_SEARCH_LENGTH } from '@parley/protocol/limits';
import { useI18n } from '../hooks/useI18n.ts';
import { isSearchShortcut } from '../state/keys.ts';

const DEBOUNCE_MS = 250;

interface Props {
  value: string;
  onSearch: (text: string) => void;
}

export function SearchBox({ value, onSearch }: Props) {
  const { t } = useI18n();
  const [text, setText] = useState(value);
  const input = useRef<HTMLInputElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => setText(value), [value]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!isSearchShortcut(event)) return;
      event.preventDefault();
      input.current?.focus();
      input.current?.select();
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      if (timer.current) clearTimeout(timer.current);
    };
  }, []);

  const commit = (next: string) => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    onSearch(next);
  };

  const onInput = (event: Event) => {
    const next = (event.currentTarget as HTMLInputElement).value;
    setText(next);
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => commit(next), DEBOUNCE_MS);
  };

  return (
    <form
      class="list-search"
      role="search"
      onSubmit={(event) => {
        event.preventDefault();
        // The field's own value: Enter right after typing may come before the typed text is rendered.
        commit(input.current?.value ?? text);
      }}
    >
      <input
        ref={input}
        type="search"
        aria-label={t('find.search')}
        aria-keyshortcuts="Control+K /"
        placeholder={t('find.searchPlaceholder')}
        title={t('find.searchHint')}
        maxLength={MAX_SEARCH_LENGTH}
        value={text}
        onInput={onInput}
        onKeyDown={(event) => {
          if (event.key === 'Escape' && text !== '') {
            event.preventDefault();
            setText('');
            commit('');
          }
        }}
      />
    </form>
  );
}
