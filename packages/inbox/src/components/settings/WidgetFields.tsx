/**
 * How the chat widget looks and behaves on the site: colour, position, launcher label and greeting in both languages,
 * its chime, and whether agents see what visitors type before they send it.
 */
import type { WidgetPosition } from '@parley/protocol/settings';
import { useI18n } from '../../hooks/useI18n.ts';
import type { MessageKey } from '../../i18n.ts';
import { HEX_COLOR, type DeskField } from '../../state/desk-form.ts';
import type { DeskFieldsProps } from './DeskSettings.tsx';
import { controlProps, Field } from './Field.tsx';

const POSITIONS: readonly WidgetPosition[] = ['right', 'left'];

type TextKey = 'launcherEn' | 'launcherKo' | 'greetingEn' | 'greetingKo';
const TEXTS: { key: TextKey; field: DeskField; label: MessageKey; max: number; lang: 'en' | 'ko' }[] = [
  { key: 'launcherEn', field: 'widget.launcherLabel.en', label: 'desk.launcherEn', max: 40, lang: 'en' },
  { key: 'launcherKo', field: 'widget.launcherLabel.ko', label: 'desk.launcherKo', max: 40, lang: 'ko' },
  { key: 'greetingEn', field: 'widget.greeting.en', label: 'desk.greetingEn', max: 500, lang: 'en' },
  { key: 'greetingKo', field: 'widget.greeting.ko', label: 'desk.greetingKo', max: 500, lang: 'ko' },
];

export function WidgetFields({ form, set, problems }: DeskFieldsProps) {
  const { t } = useI18n();
  const colorProblem = problems['widget.color'];
  const text = (entry: (typeof TEXTS)[number]) => {
    const id = `desk-${entry.key}`;
    const props = {
      ...controlProps(id, undefined, problems[entry.field]),
      lang: entry.lang,
      maxLength: entry.max,
      value: form[entry.key],
      onInput: (e: { currentTarget: { value: string } }) => set({ [entry.key]: e.currentTarget.value }),
    };
    return (
      <Field key={id} id={id} label={t(entry.label)} problem={problems[entry.field]}>
        {entry.max > 40 ? <textarea {...props} rows={2} /> : <input {...props} />}
      </Field>
    );
  };
  return (
    <fieldset class="form-group">
      <legend>{t('desk.widget')}</legend>
      <div class="form-grid">
        <Field id="desk-color-hex" label={t('desk.colorHex')} problem={colorProblem}>
          <div class="input-with-buttons">
            <input
              type="color"
              aria-label={t('desk.color')}
              value={HEX_COLOR.test(form.color) ? form.color.toLowerCase() : '#000000'}
              onInput={(e) => set({ color: e.currentTarget.value })}
            />
            <input
              {...controlProps('desk-color-hex', undefined, colorProblem)}
              class="input-short"
              spellcheck={false}
              maxLength={7}
              value={form.color}
              onInput={(e) => set({ color: e.currentTarget.value })}
            />
          </div>
        </Field>
        <Field id="desk-position" label={t('desk.position')} problem={problems['widget.position']}>
          <select
            {...controlProps('desk-position', undefined, problems['widget.position'])}
            value={form.position}
            onChange={(e) => set({ position: POSITIONS.find((p) => p === e.currentTarget.value) ?? form.position })}
          >
            {POSITIONS.map((p) => (
              <option key={p} value={p}>
                {t(p === 'right' ? 'desk.positionRight' : 'desk.positionLeft')}
              </option>
            ))}
          </select>
        </Field>
        {TEXTS.map(text)}
      </div>
      <label class="choice">
        <input type="checkbox" checked={form.sound} aria-describedby="desk-sound-hint" onChange={(e) => set({ sound: e.currentTarget.checked })} />{' '}
        {t('desk.sound')}
      </label>
      <p id="desk-sound-hint" class="form-hint">
        {t('desk.soundHint')}
      </p>
      <label class="choice">
        <input
          type="checkbox"
          checked={form.typingPreview}
          aria-describedby="desk-preview-hint"
          onChange={(e) => set({ typingPreview: e.currentTarget.checked })}
        />{' '}
        {t('desk.typingPreview')}
      </label>
      <p id="desk-preview-hint" class="form-hint">
        {t('desk.typingPreviewHint')}
      </p>
    </fieldset>
  );
}
