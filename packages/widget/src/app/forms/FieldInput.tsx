import type { PublicFormField } from '@parley/protocol';
import type { FieldError } from './answers.ts';
import type { FormStrings } from './strings.ts';

interface FieldInputProps {
  id: string;
  field: PublicFormField;
  label: string;
  value: string;
  error: FieldError | undefined;
  strings: FormStrings;
  onInput: (value: string) => void;
  /** A long answer (the offline form's message). */
  multiline?: boolean;
}

/** One labelled answer with its error under it (tied by aria-describedby, so it is read with the field). */
export function FieldInput({ id, field, label, value, error, strings, onInput, multiline }: FieldInputProps) {
  const props = {
    id,
    name: field.key,
    value,
    required: field.required,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': error ? `${id}-error` : undefined,
    onInput: (e: { currentTarget: { value: string } }) => onInput(e.currentTarget.value),
  };
  let control;
  if (field.kind === 'team') {
    control = (
      <select {...props} onChange={props.onInput}>
        <option value="">{strings.choose}</option>
        {(field.options ?? []).map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
          </option>
        ))}
      </select>
    );
  } else if (multiline) {
    control = <textarea {...props} rows={4} maxLength={4000} />;
  } else {
    const type = field.kind === 'email' ? 'email' : field.kind === 'phone' ? 'tel' : 'text';
    const autoComplete = field.kind === 'name' ? 'name' : field.kind === 'email' ? 'email' : field.kind === 'phone' ? 'tel' : 'off';
    control = <input {...props} type={type} autoComplete={autoComplete} maxLength={field.kind === 'text' ? 500 : 254} />;
  }
  return (
    <div class={`form-field${error ? ' form-field-invalid' : ''}`}>
      <label for={id}>
        {label}
        {!field.required && <span class="form-optional"> {strings.optional}</span>}
      </label>
      {control}
      {error && (
        <p id={`${id}-error`} class="form-error">
          {strings[error]}
        </p>
      )}
    </div>
  );
}
