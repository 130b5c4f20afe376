import type { DeskPublicConfig, DeskRules, PinnableSetting } from '@parley/protocol';
import type { Logger } from '../lib/logger.ts';
import type { Store } from '../store/port.ts';
import type { Desk } from '../store/types.ts';

/** What the server's environment sets: these win over the database and cannot be edited in the settings screen. */
export interface EnvPins {
  name?: string | undefined;
  allowedOrigins?: readonly string[] | undefined;
  identitySecret?: string | undefined;
}

export type DeskListener = (desk: Desk) => void;

/**
 * The desk's settings as this node applies them: read once at start, refreshed when an admin changes them (on this
 * node at once, on the others when they are told, and every `refreshMs` in case a message between nodes was lost).
 * Environment pins override what is stored.
 */
export class DeskLive {
  private desk: Desk;
  private readonly listeners: DeskListener[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: Store,
    initial: Desk,
    readonly pins: EnvPins,
    private readonly log: Logger,
  ) {
    this.desk = this.pinned(initial);
  }

  get id(): string {
    return this.desk.id;
  }

  /** The desk with the environment's pins applied. */
  get current(): Desk {
    return this.desk;
  }

  get pinnedFields(): PinnableSetting[] {
    const fields: PinnableSetting[] = [];
    if (this.pins.name !== undefined) fields.push('name');
    if (this.pins.allowedOrigins !== undefined) fields.push('allowedOrigins');
    if (this.pins.identitySecret !== undefined) fields.push('identitySecret');
    return fields;
  }

  allowedOrigins(): readonly string[] {
    return this.desk.allowedOrigins;
  }

  identitySecret(): string | undefined {
    return this.desk.settings.identitySecret ?? undefined;
  }

  rules(): DeskRules {
    return { name: this.desk.name, replyPolicy: this.desk.settings.replyPolicy, routingMode: this.desk.settings.routing.mode };
  }

  publicConfig(): DeskPublicConfig {
    const { id, name, greeting, settings } = this.desk;
    return {
      id,
      name,
      greeting: { ...greeting },
      widget: {
        color: settings.widget.color,
        position: settings.widget.position,
        launcherLabel: { ...settings.widget.launcherLabel },
        sound: settings.widget.sound,
        typingPreview: settings.widget.typingPreview,
      },
    };
  }

  onChange(listener: DeskListener): () => void {
    this.listeners.push(listener);
    return () => this.listeners.splice(this.listeners.indexOf(listener), 1);
  }

  /** Takes a desk this node just wrote (or read): listeners hear of it when it is newer than what they had. */
  accept(desk: Desk): void {
    if (desk.id !== this.desk.id || desk.version <= this.desk.version) return;
    this.desk = this.pinned(desk);
    for (const listener of this.listeners) {
      try {
        listener(this.desk);
      } catch (err) {
        this.log.error({ err }, 'desk settings listener failed');
      }
    }
  }

  async refresh(): Promise<void> {
    try {
      const desk = await this.store.getDesk(this.desk.id);
      if (desk) this.accept(desk);
    } catch (err) {
      this.log.warn({ err }, 'reading the desk settings failed; keeping the ones in use');
    }
  }

  start(refreshMs: number): void {
    this.timer = setInterval(() => void this.refresh(), refreshMs).unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private pinned(desk: Desk): Desk {
    const { name, allowedOrigins, identitySecret } = this.pins;
    return {
      ...desk,
      name: name ?? desk.name,
      allowedOrigins: allowedOrigins ? [...allowedOrigins] : desk.allowedOrigins,
      settings: { ...desk.settings, identitySecret: identitySecret ?? desk.settings.identitySecret },
    };
  }
}
