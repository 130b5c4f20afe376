/** The settings section in the URL hash (`#/settings/<section>`), or null while the inbox shows tickets. */
import { useEffect, useState } from 'preact/hooks';
import { onRouteChange } from '../navigate.ts';
import { settingsFromHash, type SettingsSection } from '../route.ts';

export function useSettingsRoute(): SettingsSection | null {
  const [section, setSection] = useState<SettingsSection | null>(() => settingsFromHash(location.hash));
  useEffect(() => onRouteChange(() => setSection(settingsFromHash(location.hash))), []);
  return section;
}
