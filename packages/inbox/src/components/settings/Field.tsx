/**
 * A labelled form control with its hint and its error underneath: the control gets the ids (`aria-describedby`,
 * `aria-invalid`) from `controlProps`, so screen readers read the error with the field.
 */
import type { ComponentChildren } from 'preact';
import { useI18n } from '../../hooks/useI18n.ts';
import type { Problem } from '../../state/form-errors.ts';

interface Props {
  id: string;
  label: string;
  hint?: string | undefined;
  problem?: Problem | undefined;
  children: ComponentChildren;
  /** A checkbox reads best with its label after it. */
  inline?: boolean;
  /** The whole row of the form's grid (a control with buttons beside it). */
  wide?: boolean;
}

export function controlProps(id: string, hint: string | undefined, problem: Problem | undefined) {
  const described = [problem ? `${id}-error` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ');
  return { id, 'aria-invalid': problem ? true : undefined, 'aria-describedby': described || undefined };
}

export function Field({ id, label, hint, problem, children, inline = false, wide = false }: Props) {
  const { t } = useI18n();
  return (
    <div class={`form-field${inline ? ' form-field-inline' : ''}${wide ? ' form-field-wide' : ''}${problem ? ' form-field-invalid' : ''}`}>
      {!inline && <label for={id}>{label}</label>}
      {children}
      {inline && <label for={id}>{label}</label>}
      {problem && (
        <p id={`${id}-error`} class="form-error">
          {t(problem.key, problem.params)}
        </p>
      )}
      {hint && (
        <p id={`${id}-hint`} class="form-hint">
          {hint}
        </p>
      )}
    </div>
  );
}

/** A form's outcome line: what went wrong as a whole (an alert), or that it worked (a status). */
export function FormOutcome({ error, done }: { error: string | null; done: string | null }) {
  if (error) {
    return (
      <p class="error" role="alert">
        {error}
      </p>
    );
  }
  return (
    <p class="form-done" role="status">
      {done ?? ''}
    </p>
  );
}
