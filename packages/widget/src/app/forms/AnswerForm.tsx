import { useEffect, useRef, useState } from 'preact/hooks';
import type { PublicFormField } from '@parley/protocol';
import type { Locale } from '../i18n.ts';
import type { ProfileAnswer, ProfileAnswers } from '../visitor-transport.ts';
import { checkAnswers, labelOf, serverErrors, toAnswers, type FieldError } from './answers.ts';
import { FieldInput } from './FieldInput.tsx';
import type { FormStrings } from './strings.ts';

export interface AnswerFormProps {
  form: ProfileAnswers['form'];
  fields: readonly PublicFormField[];
  title: string;
  intro: string;
  submit: string;
  locale: Locale;
  strings: FormStrings;
  profile: (answers: ProfileAnswers) => Promise<ProfileAnswer>;
  /** The offline form's message box (its answer goes to `onSaved`, not to the contact). */
  message?: PublicFormField;
  /** After the server took the answers. */
  onSaved?: (values: Record<string, string>) => void;
  /** A secondary action (the prompt's "Not now"). */
  onLater?: () => void;
  later?: string;
  /** Moves focus to the form when it appears (the pre-chat and offline forms replace the message box). */
  autoFocus?: boolean;
}

/**
 * A form of the visitor's answers: checked here first (the same rules as the server), then sent; whatever the server
 * still refuses is shown on its field. The first wrong field takes the focus; nothing typed is lost.
 */
export function AnswerForm(props: AnswerFormProps) {
  const { fields, strings, message } = props;
  const all = message ? [...fields, message] : fields;
  const [values, setValues] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, FieldError>>({});
  const [failed, setFailed] = useState(false);
  const [busy, setBusy] = useState(false);
  const root = useRef<HTMLFormElement>(null);
  const id = `form-${props.form}`;

  useEffect(() => {
    if (props.autoFocus) root.current?.querySelector<HTMLElement>('input, select, textarea')?.focus();
  }, []);
  useEffect(() => {
    const key = Object.keys(errors)[0];
    if (key) root.current?.querySelector<HTMLElement>(`[name="${CSS.escape(key)}"]`)?.focus();
  }, [errors]);

  async function submit(event: Event): Promise<void> {
    event.preventDefault();
    if (busy) return;
    setFailed(false);
    const found = checkAnswers(all, values);
    setErrors(found);
    if (Object.keys(found).length) return;
    setBusy(true);
    const answer = await props.profile(toAnswers(props.form, fields, values));
    setBusy(false);
    if (answer.ok) return props.onSaved?.(values);
    const refused = answer.error.code === 'invalid_input' ? serverErrors(fields, answer.error.details) : null;
    if (refused) setErrors(refused);
    else setFailed(true);
  }

  return (
    <form ref={root} class="answer-form" aria-labelledby={`${id}-title`} aria-describedby={`${id}-intro`} onSubmit={submit} noValidate>
      <h2 id={`${id}-title`} class="answer-title">
        {props.title}
      </h2>
      <p id={`${id}-intro`} class="answer-intro">
        {props.intro}
      </p>
      {all.map((field) => (
        <FieldInput
          key={field.key}
          id={`${id}-${field.kind}-${field.key}`.replace(/[^\w-]/g, '_')}
          field={field}
          label={labelOf(field, props.locale, strings)}
          value={values[field.key] ?? ''}
          error={errors[field.key]}
          strings={strings}
          multiline={field === message}
          onInput={(value) => {
            setValues((v) => ({ ...v, [field.key]: value }));
            if (errors[field.key]) setErrors(({ [field.key]: _fixed, ...rest }) => rest); // being corrected
          }}
        />
      ))}
      {failed && (
        <p class="form-error" role="alert">
          {strings.errorFailed}
        </p>
      )}
      <div class="answer-actions">
        <button type="submit" class="send-button" aria-disabled={busy}>
          {busy ? strings.saving : props.submit}
        </button>
        {props.onLater && (
          <button type="button" class="link-button" onClick={props.onLater}>
            {props.later}
          </button>
        )}
      </div>
    </form>
  );
}
