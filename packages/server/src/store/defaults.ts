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
import { readWidgetForms } from './form-settings.ts';
import { copyVisit, readContactVisit } from './visit-fields.ts';
import type { AgentRecord, ContactRecord, DeskSettingsRecord } from './types.ts';

/**
 * Defaults for what older rows and documents do not hold yet, and the one reader both adapters use: a stored value
 * that is missing or not one of the allowed ones reads as its default, never as `undefined` or garbage.
 */

export const DEFAULT_DESK_SETTINGS: DeskSettingsRecord = {
  widget: { color: '#1f6feb', position: 'right', launcherLabel: { en: 'Chat with us', ko: '채팅 상담' }, sound: true, typingPreview: false },
  replyPolicy: 'warn',
  routing: { mode: 'manual', defaultCapacity: 5, reassignWhenOffline: false },
  forms: { preChat: { enabled: false, fields: [], teamIds: [] }, offline: { enabled: false }, emailPrompt: false },
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
      sound: bool(widget?.sound, d.widget.sound),
      typingPreview: bool(widget?.typingPreview, d.widget.typingPreview),
    },
    replyPolicy: oneOf(REPLY_POLICIES, r?.replyPolicy, d.replyPolicy),
    routing: {
      mode: oneOf(ROUTING_MODES, routing?.mode, d.routing.mode),
      defaultCapacity: capacity(routing?.defaultCapacity) ?? d.routing.defaultCapacity,
      reassignWhenOffline: bool(routing?.reassignWhenOffline, d.routing.reassignWhenOffline),
    },
    forms: readWidgetForms(r?.forms),
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

/**
 * The part of a contact kept as one document: phone, the desk's attributes, verified flags, the last device, whether
 * replies should follow by e-mail, when the pre-chat form was answered and the team chosen in it.
 */
export type ContactProfileFields = Pick<ContactRecord, 'phone' | 'attributes' | 'verified' | 'device' | 'emailFollowUp' | 'preChatAt' | 'preChatTeamId' | 'visit'>;

export function readContactProfile(raw: unknown): ContactProfileFields {
  const r = obj(raw);
  const attributes: Record<string, string> = {};
  const a = obj(r?.attributes);
  if (a) for (const [key, value] of Object.entries(a)) if (typeof value === 'string') attributes[key] = value;
  const v = obj(r?.verified);
  const d = obj(r?.device);
  return {
    phone: typeof r?.phone === 'string' ? r.phone : null,
    attributes,
    verified: { name: v?.name === true, email: v?.email === true },
    device: d && typeof d.userAgent === 'string' ? { userAgent: d.userAgent, language: str(d.language, '') } : null,
    emailFollowUp: r?.emailFollowUp === true,
    preChatAt: typeof r?.preChatAt === 'string' ? r.preChatAt : null,
    preChatTeamId: typeof r?.preChatTeamId === 'string' ? r.preChatTeamId : null,
    visit: readContactVisit(r?.visit),
  };
}

export const contactProfileFields = (c: ContactProfileFields): ContactProfileFields => ({
  phone: c.phone,
  attributes: { ...c.attributes },
  verified: { ...c.verified },
  device: c.device && { ...c.device },
  emailFollowUp: c.emailFollowUp,
  preChatAt: c.preChatAt,
  preChatTeamId: c.preChatTeamId,
  visit: c.visit && copyVisit(c.visit),
});

/** A new contact's facts beyond who it is: none yet. */
export const NEW_CONTACT_DEFAULTS: ContactProfileFields = {
  phone: null,
  attributes: {},
  verified: { name: false, email: false },
  device: null,
  emailFollowUp: false,
  preChatAt: null,
  preChatTeamId: null,
  visit: null,
};

export const readAvailability = (v: unknown): Availability => oneOf(AVAILABILITIES, v, 'online');

export const agentProfileFields = (a: AgentRecord): AgentProfileFields => ({
  initials: a.initials,
  signature: a.signature,
  capacity: a.capacity,
  preferences: { ...a.preferences },
});

/** A new account's fields beyond who it is: active, online, no profile yet. */
export const NEW_AGENT_DEFAULTS: Pick<AgentRecord, 'active' | 'initials' | 'signature' | 'availability' | 'capacity' | 'preferences' | 'lastSeenAt'> = {
  active: true,
  initials: '',
  signature: '',
  availability: 'online',
  capacity: null,
  preferences: DEFAULT_PREFERENCES,
  lastSeenAt: null,
};
