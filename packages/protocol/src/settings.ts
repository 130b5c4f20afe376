import { z } from 'zod';

/**
 * Desk settings, agent administration and an agent's own profile: the wire shapes the settings screens and the REST
 * API share. Settings live in the database and apply live on every node.
 */

/** Replying to a ticket assigned to another agent: ask first (warn), refuse (block), or just send (allow). */
export const REPLY_POLICIES = ['warn', 'block', 'allow'] as const;
export type ReplyPolicy = (typeof REPLY_POLICIES)[number];

/** How a new ticket finds an agent: nobody picks for them (manual), in turn, or whoever has the fewest open tickets. */
export const ROUTING_MODES = ['manual', 'round_robin', 'least_loaded'] as const;
export type RoutingMode = (typeof ROUTING_MODES)[number];

export const WIDGET_POSITIONS = ['right', 'left'] as const;
export type WidgetPosition = (typeof WIDGET_POSITIONS)[number];

/** An agent's own choice of availability; routing only hands tickets to agents who are online. */
export const AVAILABILITIES = ['online', 'away', 'offline'] as const;
export type Availability = (typeof AVAILABILITIES)[number];

export const SEND_KEYS = ['enter', 'ctrl_enter'] as const;
export type SendKey = (typeof SEND_KEYS)[number];

export const MAX_CAPACITY = 100;

export interface Localized {
  en: string;
  ko: string;
}

export interface WidgetLook {
  /** `#rrggbb`, the launcher's and the visitor's bubbles' colour. */
  color: string;
  position: WidgetPosition;
  launcherLabel: Localized;
  greeting: Localized;
  /** A short chime in the visitor's browser for an agent's reply while the chat is closed or the tab hidden (visitors can mute it). */
  sound: boolean;
  /** Agents see what the visitor is typing before they send it (a privacy choice: off by default). */
  typingPreview: boolean;
}

export interface RoutingSettings {
  mode: RoutingMode;
  /** Most open tickets an agent gets from routing, unless their own capacity says otherwise. */
  defaultCapacity: number;
  /** When an agent goes offline, their open tickets go back to the queue. */
  reassignWhenOffline: boolean;
}

/**
 * The widget's forms. Pre-chat: asked before the first message of a new conversation; its answers go on the contact
 * (name, e-mail unverified, phone, custom fields as attributes) and the team choice routes the ticket. Offline: when
 * no agent is online, an e-mail and a message make the ticket. E-mail prompt: after the visitor's first message, when
 * nobody answers within a minute and no e-mail is known, the chat offers to take one.
 */
export const FORM_FIELD_KINDS = ['name', 'email', 'phone', 'team', 'text'] as const;
export type FormFieldKind = (typeof FORM_FIELD_KINDS)[number];
export const MAX_FORM_FIELDS = 12;

export interface FormField {
  kind: FormFieldKind;
  /** A custom text field: the contact attribute it fills. A built-in field: its kind. */
  key: string;
  /** Empty: the widget's own words for a built-in field. A custom field has one in at least one language. */
  label: Localized;
  required: boolean;
}

export interface WidgetForms {
  preChat: {
    enabled: boolean;
    fields: FormField[];
    /** The teams the team field offers (in this order). */
    teamIds: string[];
  };
  offline: { enabled: boolean };
  emailPrompt: boolean;
}

/** The fields an environment variable sets: they show in the settings screen but cannot be edited there. */
export const PINNABLE_SETTINGS = ['name', 'allowedOrigins', 'identitySecret'] as const;
export type PinnableSetting = (typeof PINNABLE_SETTINGS)[number];

/** What an admin sees and edits. The identity secret itself never leaves the server. */
export interface DeskSettings {
  name: string;
  widget: WidgetLook;
  allowedOrigins: string[];
  replyPolicy: ReplyPolicy;
  routing: RoutingSettings;
  forms: WidgetForms;
  identitySecret: { configured: boolean };
  /** Set by the server's environment (DESK_NAME, ALLOWED_ORIGINS, IDENTITY_SECRET): read-only here. */
  pinned: PinnableSetting[];
  version: number;
  updatedAt: string;
}

/** What every agent of the desk needs to know of the settings (the reply policy, the routing mode). */
export interface DeskRules {
  name: string;
  replyPolicy: ReplyPolicy;
  routingMode: RoutingMode;
}

export interface AgentPreferences {
  sendKey: SendKey;
  sound: boolean;
  desktopNotifications: boolean;
}

const Text = (max: number) => z.string().trim().max(max);
const LocalizedText = (max: number) => z.strictObject({ en: Text(max), ko: Text(max) });
export const HexColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #1f6feb').transform((s) => s.toLowerCase());
/** An origin like https://shop.example.com (scheme, host and port only). */
export const OriginSchema = z
  .string()
  .trim()
  .max(200)
  .refine((s) => {
    try {
      const u = new URL(s);
      return (u.protocol === 'https:' || u.protocol === 'http:') && u.origin === s.replace(/\/$/, '');
    } catch {
      return false;
    }
  }, 'must be an origin like https://www.example.com (no path)')
  .transform((s) => new URL(s).origin);

/** A contact attribute's name (the same rule as an agent's edit of the contact). */
export const AttributeKey = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(40)
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} _.-]*$/u, 'must be a name of letters, digits, spaces, _ . -');

const FormFieldSchema = z
  .strictObject({
    kind: z.enum(FORM_FIELD_KINDS),
    /** Required for a custom text field; a built-in field's key is its kind. */
    key: AttributeKey.optional(),
    label: LocalizedText(60).default({ en: '', ko: '' }),
    required: z.boolean().default(false),
  })
  .superRefine((f, ctx) => {
    if (f.kind !== 'text') return;
    if (f.key === undefined) ctx.addIssue({ code: 'custom', path: ['key'], message: 'a custom field needs a key' });
    if (f.label.en === '' && f.label.ko === '') ctx.addIssue({ code: 'custom', path: ['label'], message: 'a custom field needs a label' });
  })
  .transform((f): FormField => ({ kind: f.kind, key: f.kind === 'text' ? (f.key ?? '') : f.kind, label: f.label, required: f.required }));

/** Each built-in field at most once, each custom key once. */
const FormFields = z
  .array(FormFieldSchema)
  .max(MAX_FORM_FIELDS, `at most ${MAX_FORM_FIELDS} fields`)
  .superRefine((fields, ctx) => {
    const seen = new Set<string>();
    fields.forEach((f, i) => {
      if (typeof f?.key !== 'string') return; // the field itself was refused (zod checks the list anyway)
      const id = f.key.toLowerCase();
      if (seen.has(id)) ctx.addIssue({ code: 'custom', path: [i, 'key'], message: 'each field may appear once' });
      seen.add(id);
    });
  });

export const DeskSettingsPatch = z.strictObject({
  /** The version the admin saw: a concurrent change by another admin makes this `conflict`. */
  version: z.number().int().min(0),
  name: Text(100).pipe(z.string().min(1, 'must not be empty')).optional(),
  widget: z
    .strictObject({
      color: HexColor,
      position: z.enum(WIDGET_POSITIONS),
      launcherLabel: LocalizedText(40),
      greeting: LocalizedText(500),
      sound: z.boolean(),
      typingPreview: z.boolean(),
    })
    .partial()
    .optional(),
  allowedOrigins: z.array(OriginSchema).max(50).optional(),
  replyPolicy: z.enum(REPLY_POLICIES).optional(),
  forms: z
    .strictObject({
      preChat: z.strictObject({ enabled: z.boolean(), fields: FormFields, teamIds: z.array(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a team id')).max(50) }),
      offline: z.strictObject({ enabled: z.boolean() }),
      emailPrompt: z.boolean(),
    })
    .partial()
    .optional(),
  routing: z
    .strictObject({
      mode: z.enum(ROUTING_MODES),
      defaultCapacity: z.number().int().min(1).max(MAX_CAPACITY),
      reassignWhenOffline: z.boolean(),
    })
    .partial()
    .optional(),
});
export type DeskSettingsPatchInput = z.infer<typeof DeskSettingsPatch>;

/** Sets (a new random one when `secret` is absent: `generate`) or removes the identity-verification secret. */
export const IdentitySecretBody = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('generate') }),
  z.strictObject({ action: z.literal('set'), secret: z.string().min(32, 'must be at least 32 characters').max(512) }),
  z.strictObject({ action: z.literal('remove') }),
]);
export type IdentitySecretInput = z.infer<typeof IdentitySecretBody>;

const Initials = z
  .string()
  .trim()
  .max(3)
  .refine((s) => s === '' || /^[\p{L}\p{N}]{1,3}$/u.test(s), 'must be 1 to 3 letters or digits');

/** An admin's change to another agent's account. */
export const AgentAdminPatch = z.strictObject({
  name: Text(100).pipe(z.string().min(1, 'must not be empty')).optional(),
  role: z.enum(['admin', 'agent']).optional(),
  active: z.boolean().optional(),
  /** Most open tickets routing gives this agent; null means the desk's default. */
  capacity: z.number().int().min(1).max(MAX_CAPACITY).nullable().optional(),
});
export type AgentAdminPatchInput = z.infer<typeof AgentAdminPatch>;

/** An agent's change to their own profile and preferences. */
export const ProfilePatch = z.strictObject({
  name: Text(100).pipe(z.string().min(1, 'must not be empty')).optional(),
  initials: Initials.optional(),
  signature: Text(500).optional(),
  availability: z.enum(AVAILABILITIES).optional(),
  preferences: z
    .strictObject({ sendKey: z.enum(SEND_KEYS), sound: z.boolean(), desktopNotifications: z.boolean() })
    .partial()
    .optional(),
});
export type ProfilePatchInput = z.infer<typeof ProfilePatch>;

export const PasswordChangeBody = z.strictObject({
  currentPassword: z.string().min(1).max(1024),
  newPassword: z.string().min(10, 'must be at least 10 characters').max(1024),
});

/** An admin sets a new password for someone who lost theirs; their sessions end. */
export const PasswordResetBody = z.strictObject({
  newPassword: z.string().min(10, 'must be at least 10 characters').max(1024),
});
