/** A ticket's tags: chips with a remove button each, and a field that adds one on Enter (or a comma). */
import { useId, useState } from 'preact/hooks';
import { useI18n } from '../../hooks/useI18n.ts';
import { normalizeTag } from '../../state/snooze.ts';

interface Props {
  tags: readonly string[];
  disabled: boolean;
  onChange: (tags: string[]) => void;
}

export function TagEditor({ tags, disabled, onChange }: Props) {
  const { t } = useI18n();
  const id = useId();
  const [text, setText] = useState('');
  const [invalid, setInvalid] = useState(false);
  const add = () => {
    const tag = normalizeTag(text);
    setInvalid(tag === null && text.trim() !== '');
    if (tag === null) return;
    setText('');
    if (!tags.includes(tag)) onChange([...tags, tag]);
  };
  return (
    <div class="tag-editor" role="group" aria-labelledby={`${id}-label`}>
      <span id={`${id}-label`} class="tag-label">
        {t('tags.label')}
      </span>
      <ul class="tags">
        {tags.map((tag) => (
          <li key={tag} class="tag">
            <span>{tag}</span>
            <button
              type="button"
              class="tag-remove"
              aria-label={t('tags.remove', { tag })}
              aria-disabled={disabled}
              onClick={() => !disabled && onChange(tags.filter((x) => x !== tag))}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <input
        class="tag-input"
        aria-label={t('tags.add')}
        placeholder={t('tags.add')}
        title={t('tags.addHint')}
        value={text}
        maxLength={40}
        aria-invalid={invalid}
        aria-describedby={invalid ? `${id}-invalid` : undefined}
        onInput={(e) => {
          setText(e.currentTarget.value);
          setInvalid(false);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' || e.key === ',') {
            e.preventDefault();
            add();
          }
        }}
      />
      {invalid && (
        <span id={`${id}-invalid`} class="tag-invalid" role="status">
          {t('tags.invalid')}
        </span>
      )}
    </div>
  );
}
