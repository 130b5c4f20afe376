/**
 * The composer's pickers: `/` lists canned responses (matchCanned on what follows it), `@` in a note lists
 * colleagues. The textarea stays focused and owns the listbox (aria-activedescendant points at the active option);
 * ↑/↓ move, Enter or Tab inserts, Escape closes (until the agent starts another `/` or `@`), a click inserts too.
 */
import { useEffect, useLayoutEffect, useRef, useState, type MutableRef } from 'preact/hooks';
import { fillPlaceholders, matchCanned, type CannedResponse, type PlaceholderValues } from '@parley/protocol/canned';
import type { AgentProfile } from '@parley/protocol/model';
import { matchAgents, mentionText, type Mentioned } from '../../state/mentions.ts';
import { activeTrigger, replaceRange, type Trigger } from '../../state/triggers.ts';

/** How many canned responses the picker lists at most. */
const CANNED_OPTIONS = 8;

export type PickerOption =
  | { kind: 'canned'; key: string; canned: CannedResponse; /** its text as it would be inserted */ preview: string }
  | { kind: 'mention'; key: string; agent: AgentProfile };

interface Sources {
  textarea: MutableRef<HTMLTextAreaElement | null>;
  note: boolean;
  canned: readonly CannedResponse[];
  /** Asked when the `/` picker opens (a stale list is loaded again). */
  onCannedOpen: () => void;
  agents: Iterable<AgentProfile>;
  selfId: string;
  locale: string;
  placeholders: PlaceholderValues;
  /** The text after an insertion; the caret is put after what was inserted. */
  onText: (text: string) => void;
  onMention: (mentioned: Mentioned) => void;
}

export interface Picker {
  kind: 'canned' | 'mention' | null;
  options: readonly PickerOption[];
  active: number;
  /** Read the trigger again (after an input, a click, a caret move). */
  update: () => void;
  close: () => void;
  /** Handles the key when a picker is open; true when it did. */
  onKeyDown: (event: KeyboardEvent) => boolean;
  choose: (option: PickerOption) => void;
  setActive: (index: number) => void;
}

export function usePicker(sources: Sources): Picker {
  const { textarea, note, canned, agents, selfId, locale } = sources;
  const [trigger, setTrigger] = useState<Trigger | null>(null);
  const [active, setActive] = useState(0);
  /** Where a picker the agent closed with Escape started: it stays closed for that `/` or `@`. */
  const dismissed = useRef<number | null>(null);
  const caret = useRef<number | null>(null);
  const latest = useRef(sources);
  latest.current = sources;

  const shown = trigger && (trigger.char === '/' || note) ? trigger : null;
  const options: PickerOption[] = !shown
    ? []
    : shown.char === '/'
      ? matchCanned(canned, shown.query)
          .slice(0, CANNED_OPTIONS)
          .map((c) => ({ kind: 'canned', key: c.id, canned: c, preview: fillPlaceholders(c.text, sources.placeholders) }))
      : matchAgents(agents, shown.query, selfId, locale).map((a) => ({ kind: 'mention', key: a.id, agent: a }));
  const open = shown !== null && options.length > 0;
  const index = Math.min(active, Math.max(0, options.length - 1));

  const opensCanned = shown?.char === '/';
  useEffect(() => {
    if (opensCanned) latest.current.onCannedOpen();
  }, [opensCanned, shown?.start]);

  // After an insertion the caret goes after the inserted text (the value changed in this render).
  useLayoutEffect(() => {
    if (caret.current === null || !textarea.current) return;
    textarea.current.setSelectionRange(caret.current, caret.current);
    caret.current = null;
  });

  const update = () => {
    const el = textarea.current;
    if (!el || el.selectionStart !== el.selectionEnd) return setTrigger(null);
    const next = activeTrigger(el.value, el.selectionStart, true);
    if (next === null || next.start !== dismissed.current) dismissed.current = null;
    if (next !== null && next.start === dismissed.current) return setTrigger(null);
    if (trigger?.start !== next?.start || trigger?.char !== next?.char) setActive(0);
    setTrigger(next);
  };

  const close = () => setTrigger(null);

  const choose = (option: PickerOption) => {
    const el = textarea.current;
    if (!el || !shown) return;
    const { onText, onMention } = latest.current;
    let insert: string;
    if (option.kind === 'canned') insert = option.preview;
    else {
      insert = `${mentionText(option.agent.name)} `;
      onMention({ id: option.agent.id, name: option.agent.name });
    }
    const next = replaceRange(el.value, shown.start, shown.end, insert);
    caret.current = next.caret;
    setTrigger(null);
    onText(next.text);
  };

  const onKeyDown = (event: KeyboardEvent): boolean => {
    if (!open || event.isComposing || event.keyCode === 229) return false;
    const count = options.length;
    switch (event.key) {
      case 'ArrowDown':
        setActive((index + 1) % count);
        break;
      case 'ArrowUp':
        setActive((index - 1 + count) % count);
        break;
      case 'Enter':
      case 'Tab': {
        if (event.shiftKey || event.ctrlKey || event.metaKey || event.altKey) return false;
        const option = options[index];
        if (option) choose(option);
        break;
      }
      case 'Escape':
        dismissed.current = shown.start;
        setTrigger(null);
        break;
      default:
        return false;
    }
    event.preventDefault();
    event.stopPropagation();
    return true;
  };

  return { kind: open ? (shown.char === '/' ? 'canned' : 'mention') : null, options: open ? options : [], active: index, update, close, onKeyDown, choose, setActive };
}
