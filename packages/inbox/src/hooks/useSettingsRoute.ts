/** The settings section in the URL hash (`#/settings/<section>`), or null while the inbox shows tickets. */
import { useEffect, useState } from 'preact/hooks';
import { settingsFromHash, type SettingsSection } from '../route.ts';

export function useSettingsRoute(): SettingsSection | null {
  const [section, setSection] = useState<SettingsSection | null>(() => settingsFromHash(location.hash));
  useEffect(() => {
    const onHash = () => setSection(settingsFromHash(location.hash));
    addEventListener('hashchange', onHash);
    addEventListener('popstate', onHash);
    return () => {
      removeEventListener('hashchange', onHash);
      removeEventListener('popstate', onHash);
    };
  }, []);
  return section;
}
