/** Adding or changing a canned response: scope (admins: desk-wide or personal), shortcut, title, text with placeholders. */
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { PLACEHOLDERS, type CannedResponse } from '@parley/protocol/canned';
import type { ErrorBody } from '@parley/protocol/errors';
import { createCanned, updateCanned } from '../../canned-api.ts';
import { useI18n } from '../../hooks/useI18n.ts';
import { cannedErrors, checkCanned, hasProblems, normalShortcut, type CannedField } from '../../state/canned.ts';
import type { FormErrors } from '../../state/form-errors.ts';
import { settingsErrorText } from './errors.ts';
import { controlProps, Field, FormOutcome } from './Field.tsx';

interface Props {
  /** The response being changed, or null for a new one. */
  editing: CannedResponse | null;
  admin: boolean;
  onSaved: (canned: CannedResponse) => void;
  onClose: () => void;
}

export function CannedForm({ editing, admin, onSaved, onClose }: Props) {
  const { t } = useI18n();
  const id = useId();
  const [scope, setScope] = useState<'desk' | 'personal'>(editing ? (editing.ownerId === null ? 'desk' : 'personal') : admin ? 'desk' : 'personal');
  const [shortcut, setShortcut] = useState(editing?.shortcut ?? '');
  const [title, setTitle] = useState(editing?.title ?? '');
  const [text, setText] = useState(editing?.text ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorBody | null>(null);
  const [checked, setChecked] = useState<FormErrors<CannedField> | null>(null);
  const errors = checked ?? cannedErrors(error, shortcut);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);

  const save = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    const local = checkCanned({ shortcut, title, text });
    if (hasProblems(local)) {
      setChecked(local);
      setError(null);
      return;
    }
    setChecked(null);
    setError(null);
    setBusy(true);
    const fields = { shortcut: normalShortcut(shortcut), title: title.trim(), text: text.trim() };
    const answer = editing ? await updateCanned(editing.id, fields) : await createCanned({ scope, ...fields });
    setBusy(false);
    if (!answer.ok) return setError(answer.error);
    onSaved(answer.canned);
  };

  const heading = editing ? t('canned.editHeading', { shortcut: editing.shortcut }) : t('canned.addHeading');
  const placeholders = PLACEHOLDERS.map((p) => `{{${p}}}`).join(' ');
  return (
    <form class="settings-form canned-form" onSubmit={save} aria-labelledby={`${id}-heading`} noValidate>
      <h3 id={`${id}-heading`}>{heading}</h3>
      {admin && !editing && (
        <fieldset class="form-choices">
          <legend>{t('canned.scope')}</legend>
          {(['desk', 'personal'] as const).map((s) => (
            <label key={s} class="choice">
              <input type="radio" name={`${id}-scope`} value={s} checked={scope === s} onChange={() => setScope(s)} />{' '}
              {t(s === 'desk' ? 'canned.scopeDesk' : 'canned.scopePersonal')}
            </label>
          ))}
        </fieldset>
      )}
      <Field id={`${id}-shortcut`} label={t('canned.shortcut')} hint={t('canned.shortcutHint')} problem={errors.fields.shortcut}>
        <input
          {...controlProps(`${id}-shortcut`, t('canned.shortcutHint'), errors.fields.shortcut)}
          ref={first}
          class="input-short"
          value={shortcut}
          maxLength={33}
          autocomplete="off"
          spellcheck={false}
          onInput={(e) => setShortcut(e.currentTarget.value)}
        />
      </Field>
      <Field id={`${id}-title`} label={t('canned.titleField')} problem={errors.fields.title}>
        <input
          {...controlProps(`${id}-title`, undefined, errors.fields.title)}
          value={title}
          maxLength={80}
          onInput={(e) => setTitle(e.currentTarget.value)}
        />
      </Field>
      <Field id={`${id}-text`} label={t('canned.text')} hint={t('canned.textHint', { placeholders })} problem={errors.fields.text}>
        <textarea
          {...controlProps(`${id}-text`, t('canned.textHint', { placeholders }), errors.fields.text)}
          rows={5}
          value={text}
          onInput={(e) => setText(e.currentTarget.value)}
        />
      </Field>
      <div class="form-actions">
        <button type="submit" class="button-primary" aria-disabled={busy}>
          {busy ? t('settings.saving') : t('canned.save')}
        </button>
        <button type="button" class="button-secondary" onClick={onClose}>
          {t('settings.cancel')}
        </button>
        <FormOutcome error={errors.general ? settingsErrorText(t, errors.general) : null} done={null} />
      </div>
    </form>
  );
}
