/**
 * The route lives in the URL hash: the open ticket (`#/c/<id>`) or a settings section (`#/settings/<section>`), so a
 * reload, a bookmark or Back returns to it.
 */
const ROUTE = /^#\/c\/([A-Za-z0-9_-]{1,64})$/;

export function ticketFromHash(hash: string): string | null {
  return ROUTE.exec(hash)?.[1] ?? null;
}

export function hashForTicket(id: string | null): string {
  return id === null ? '' : `#/c/${id}`;
}

export const SETTINGS_SECTIONS = ['profile', 'canned', 'agents', 'teams', 'desk'] as const;
export type SettingsSection = (typeof SETTINGS_SECTIONS)[number];

const SETTINGS_ROUTE = /^#\/settings(?:\/([a-z]+))?$/;

/** The settings section a hash names (`#/settings` alone is the profile), or null outside the settings. */
export function settingsFromHash(hash: string): SettingsSection | null {
  const match = SETTINGS_ROUTE.exec(hash);
  if (!match) return null;
  const section = match[1] ?? 'profile';
  return SETTINGS_SECTIONS.find((s) => s === section) ?? 'profile';
}

export function hashForSettings(section: SettingsSection): string {
  return `#/settings/${section}`;
}
