/**
 * A bar above the workspace while the connection is lost, and for a few seconds after it is back. It takes its own
 * row instead of floating over the panes, so it never hides a ticket's title. The live region stays in the page
 * while empty: a region must exist before it speaks.
 */
import { useI18n } from '../hooks/useI18n.ts';
import type { ConnectionNotice } from '../hooks/useConnectionNotice.ts';

export function ConnectionBar({ notice }: { notice: ConnectionNotice }) {
  const { t } = useI18n();
  return (
    <p class={notice ? `connection connection-${notice}` : 'connection'} role="status">
      {notice === 'lost' ? t('connection.offline') : notice === 'back' ? t('connection.back') : ''}
    </p>
  );
}
