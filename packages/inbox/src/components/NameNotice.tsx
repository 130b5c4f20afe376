/** A gentle reminder while the agent still carries the first account's default name: customers see it on replies. */
import { useI18n } from '../hooks/useI18n.ts';
import { hashForSettings } from '../route.ts';

/** The name the first admin account gets at set-up. */
export const DEFAULT_AGENT_NAME = 'Admin';

export function NameNotice({ name }: { name: string }) {
  const { t } = useI18n();
  if (name.trim() !== DEFAULT_AGENT_NAME) return null;
  return (
    <p class="name-notice" role="note">
      {t('nameNotice.text', { name })} <a href={hashForSettings('profile')}>{t('nameNotice.link')}</a>
    </p>
  );
}
