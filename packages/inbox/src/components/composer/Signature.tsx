/** The composer's Signature toggle (a pressed / not pressed button) and the signature it adds, shown under the reply. */
import { useI18n } from '../../hooks/useI18n.ts';
import './signature.css';

interface ToggleProps {
  on: boolean;
  /** While a message is being sent: the text is decided. */
  disabled: boolean;
  /** The preview the toggle shows or hides. */
  previewId: string;
  onChange: (on: boolean) => void;
}

export function SignatureToggle({ on, disabled, previewId, onChange }: ToggleProps) {
  const { t } = useI18n();
  return (
    <button
      type="button"
      class="button-secondary signature-toggle"
      aria-pressed={on}
      aria-disabled={disabled}
      aria-controls={on ? previewId : undefined}
      onClick={() => {
        if (!disabled) onChange(!on);
      }}
    >
      {on && (
        <span class="signature-check" aria-hidden="true">
          ✓{' '}
        </span>
      )}
      {t('composer.signature')}
    </button>
  );
}

export function SignaturePreview({ id, signature }: { id: string; signature: string }) {
  const { t } = useI18n();
  return (
    <p id={id} class="composer-signature" title={signature.trim()}>
      <span class="composer-signature-label">{t('composer.signatureAdded')}</span>{' '}
      <span class="composer-signature-text">{signature.trim()}</span>
    </p>
  );
}
