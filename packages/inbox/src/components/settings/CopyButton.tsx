/** Copies a value (a generated password or secret) to the clipboard and says so. */
import { useState } from 'preact/hooks';
import { useI18n } from '../../hooks/useI18n.ts';

export function CopyButton({ value, label }: { value: string; label?: string }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      class="button-secondary"
      aria-label={label}
      onClick={() => {
        void navigator.clipboard?.writeText(value).then(
          () => setCopied(true),
          () => setCopied(false),
        );
      }}
    >
      {copied ? t('settings.copied') : t('settings.copy')}
    </button>
  );
}
