import {
  AVAILABILITIES,
  MAX_CAPACITY,
  REPLY_POLICIES,
  ROUTING_MODES,
  SEND_KEYS,
  WIDGET_POSITIONS,
  type AgentPreferences,
  type Availability,
} from '@parley/protocol';
import type { AgentRecord, DeskSettingsRecord } from './types.ts';

/**
 * Defaults for what older rows and documents do not hold yet, and the one reader both adapters use: a stored value
 * that is missing or not one of the allowed ones reads as its default, never as `undefined` or garbage.
 */

export const DEFAULT_DESK_SETTINGS: DeskSettingsRecord = {
  widget: { color: '#1f6feb', position: 'right', launcherLabel: { en: 'Chat with us', ko: '채팅 상담' } },
  replyPolicy: 'warn',
  routing: { mode: 'manual', defaultCapacity: 5, reassignWhenOffline: false },
  identitySecret: null,
};

export const DEFAULT_PREFERENCES: AgentPreferences = { sendKey: 'enter', sound: true, desktopNotifications: false };

type Loose = Record<string, unknown> | null | undefined;
const obj = (v: unknown): Loose => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);
const oneOf = <T extends string>(values: readonly T[], v: unknown, fallback: T): T => (values.includes(v as T) ? (v as T) : fallback);
const str = (v: unknown, fallback: string): string => (typeof v === 'string' ? v : fallback);
const bool = (v: unknown, fallback: boolean): boolean => (typeof v === 'boolean' ? v : fallback);
const capacity = (v: unknown): number | null =>
  typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= MAX_CAPACITY ? v : null;

export function readDeskSettings(raw: unknown): DeskSettingsRecord {
  const d = DEFAULT_DESK_SETTINGS;
  const r = obj(raw);
  const widget = obj(r?.widget);
  const label = obj(widget?.launcherLabel);
  const routing = obj(r?.routing);
  const color = str(widget?.color, d.widget.color);
  return {
    widget: {
      color: /^#[0-9a-f]{6}$/.test(color) ? color : d.widget.color,
      position: oneOf(WIDGET_POSITIONS, widget?.position, d.widget.position),
      launcherLabel: { en: str(label?.en, d.widget.launcherLabel.en), ko: str(label?.ko, d.widget.launcherLabel.ko) },
    },
    replyPolicy: oneOf(REPLY_POLICIES, r?.replyPolicy, d.replyPolicy),
    routing: {
      mode: oneOf(ROUTING_MODES, routing?.mode, d.routing.mode),
      defaultCapacity: capacity(routing?.defaultCapacity) ?? d.routing.defaultCapacity,
      reassignWhenOffline: bool(routing?.reassignWhenOffline, d.routing.reassignWhenOffline),
    },
    identitySecret: typeof r?.identitySecret === 'string' && r.identitySecret.length >= 32 ? r.identitySecret : null,
  };
}

/** The part of an agent account kept as one document: profile and preferences. */
export type AgentProfileFields = Pick<AgentRecord, 'initials' | 'signature' | 'capacity' | 'preferences'>;

export function readAgentProfile(raw: unknown): AgentProfileFields {
  const r = obj(raw);
  const p = obj(r?.preferences);
  return {
    initials: str(r?.initials, ''),
    signature: str(r?.signature, ''),
    capacity: capacity(r?.capacity),
    preferences: {
      sendKey: oneOf(SEND_KEYS, p?.sendKey, DEFAULT_PREFERENCES.sendKey),
      sound: bool(p?.sound, DEFAULT_PREFERENCES.sound),
      desktopNotifications: bool(p?.desktopNotifications, DEFAULT_PREFERENCES.desktopNotifications),
    },
  };
}

export const readAvailability = (v: unknown): Availability => oneOf(AVAILABILITIES, v, 'online');

export const agentProfileFields = (a: AgentRecord): AgentProfileFields => ({
  initials: a.initials,
  signature: a.signature,
  capacity: a.capacity,
  preferences: { ...a.preferences },
});

/** A new account's fields beyond who it is: active, online, no profile yet. */
export const NEW_AGENT_DEFAULTS: Pick<AgentRecord, 'active' | 'initials' | 'signature' | 'availability' | 'capacity' | 'preferences'> = {
  active: true,
  initials: '',
  signature: '',
  availability: 'online',
  capacity: null,
  preferences: DEFAULT_PREFERENCES,
};
