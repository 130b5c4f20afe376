/** The composer's suggestion listbox (canned responses or colleagues); the textarea keeps the focus. */
import { useEffect, useRef } from 'preact/hooks';
import { useI18n } from '../../hooks/useI18n.ts';
import type { Picker } from './usePicker.ts';
import './composer-tools.css';

interface Props {
  id: string;
  picker: Picker;
}

export const optionId = (listId: string, index: number) => `${listId}-${index}`;

export function PickerList({ id, picker }: Props) {
  const { t } = useI18n();
  const list = useRef<HTMLUListElement>(null);
  const { kind, options, active } = picker;

  useEffect(() => {
    list.current?.querySelector(`#${CSS.escape(optionId(id, active))}`)?.scrollIntoView({ block: 'nearest' });
  }, [id, active, kind]);

  if (kind === null) return null;
  return (
    <ul ref={list} id={id} class="picker" role="listbox" aria-label={t(kind === 'canned' ? 'canned.picker' : 'mention.picker')}>
      {options.map((option, i) => (
        <li
          key={option.key}
          id={optionId(id, i)}
          role="option"
          aria-selected={i === active}
          class={`picker-option${i === active ? ' picker-active' : ''}`}
          // the textarea keeps the focus (and its caret) while the option is clicked
          onMouseDown={(e) => e.preventDefault()}
          onMouseMove={() => i !== active && picker.setActive(i)}
          onClick={() => picker.choose(option)}
        >
          {option.kind === 'canned' ? (
            <>
              <span class="picker-key">/{option.canned.shortcut}</span> <span class="picker-title">{option.canned.title}</span>
              <span class="picker-detail">{option.preview}</span>
            </>
          ) : (
            <>
              <span class="picker-title">{option.agent.name}</span> <span class="picker-detail">{option.agent.email}</span>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}
