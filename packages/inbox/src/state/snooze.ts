/** Wake-up times an agent picks from ("in an hour", "tomorrow 9:00", "next Monday 9:00"), in the agent's own time zone. */

export type SnoozePreset = 'oneHour' | 'tomorrow' | 'nextWeek';
export const SNOOZE_PRESETS: readonly SnoozePreset[] = ['oneHour', 'tomorrow', 'nextWeek'];

export function snoozeTime(preset: SnoozePreset, now: Date): Date {
  if (preset === 'oneHour') return new Date(now.getTime() + 3600_000);
  const at9 = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, 9, 0, 0, 0);
  if (preset === 'tomorrow') return at9;
  // Next Monday (a week from today when today is Monday).
  const daysToMonday = ((8 - now.getDay()) % 7) || 7;
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() + daysToMonday, 9, 0, 0, 0);
}

/** The value of a `datetime-local` input (local time) for a date, and back; null for an empty or invalid value. */
export function toLocalInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

export function fromLocalInput(value: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** A tag as the server stores it (trimmed, lower case), or null when it has nothing a tag may hold. */
export function normalizeTag(raw: string): string | null {
  const tag = raw.trim().toLowerCase();
  return /^[\p{L}\p{N}][\p{L}\p{N} _-]{0,39}$/u.test(tag) ? tag : null;
}
