/**
 * A password an admin sets for someone else, with "Generate": a generated password is shown in clear and in full (the
 * admin hands it over) with a copy button; a typed one stays masked. The field takes its form's whole row.
 */
import { useState } from 'preact/hooks';
import { useI18n } from '../../hooks/useI18n.ts';
import type { Problem } from '../../state/form-errors.ts';
import { generatePassword } from '../../state/password.ts';
import { CopyButton } from './CopyButton.tsx';
import { controlProps, Field } from './Field.tsx';

interface Props {
  id: string;
  label: string;
  hint?: string;
  value: string;
  onChange: (value: string) => void;
  problem: Problem | undefined;
  /** Told of each generated password. */
  onGenerate?: (password: string) => void;
}

export function PasswordInput({ id, label, hint, value, onChange, problem, onGenerate }: Props) {
  const { t } = useI18n();
  const [generated, setGenerated] = useState<string | null>(null);
  const shown = generated !== null && generated === value;
  return (
    <Field id={id} label={label} hint={hint} problem={problem} wide>
      <div class="input-with-buttons">
        <input
          {...controlProps(id, hint, problem)}
          type={shown ? 'text' : 'password'}
          class={shown ? 'password-shown' : undefined}
          autocomplete="new-password"
          spellcheck={false}
          value={value}
          onInput={(e) => onChange(e.currentTarget.value)}
        />
        <button
          type="button"
          class="button-secondary"
          onClick={() => {
            const password = generatePassword();
            setGenerated(password);
            onChange(password);
            onGenerate?.(password);
          }}
        >
          {t('settings.generate')}
        </button>
        {shown && <CopyButton value={value} />}
      </div>
    </Field>
  );
}
