import { MUTED, soundKey } from '../app/sound-key.ts';

/** What decides the chime for an agent's reply. */
export interface ChimeFacts {
  /** The desk's `sound` setting (Settings → Desk). */
  deskSound: boolean;
  /** The visitor muted it in the chat's menu. */
  muted: boolean;
  /** The panel is open and the tab visible: the visitor sees the reply. */
  looking: boolean;
}

export const shouldChime = ({ deskSound, muted, looking }: ChimeFacts): boolean => deskSound && !muted && !looking;

/** Whether the visitor muted the chime (this page's storage; blocked storage: not muted). */
export function isMuted(storage: () => Pick<Storage, 'getItem'>, desk: string): boolean {
  try {
    return storage().getItem(soundKey(desk)) === MUTED;
  } catch {
    return false;
  }
}

export type AudioWindow = { AudioContext?: typeof AudioContext; webkitAudioContext?: typeof AudioContext };

/** A resumed context plays only this soon after it was asked (a late resume must not chime at a later click). */
const RESUME_WITHIN_MS = 1000;

/**
 * A short two-note chime made with WebAudio: no file to download. Browsers start audio only after the visitor has
 * interacted with the page; until then the context stays suspended and nothing is heard, without an error.
 */
export function createChime(win: AudioWindow, now: () => number = () => Date.now()): () => void {
  let context: AudioContext | undefined;
  const play = (ctx: AudioContext): void => {
    const at = ctx.currentTime;
    const gain = ctx.createGain();
    gain.connect(ctx.destination);
    gain.gain.setValueAtTime(0.0001, at);
    gain.gain.exponentialRampToValueAtTime(0.12, at + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.45);
    [880, 1318.5].forEach((frequency, i) => {
      const tone = ctx.createOscillator();
      tone.frequency.value = frequency;
      tone.connect(gain);
      tone.start(at + i * 0.12);
      tone.stop(at + 0.45);
    });
  };
  return () => {
    try {
      const Context = win.AudioContext ?? win.webkitAudioContext;
      if (!Context) return;
      const ctx = (context ??= new Context());
      if (ctx.state === 'running') return play(ctx);
      const asked = now();
      ctx.resume().then(
        () => now() - asked < RESUME_WITHIN_MS && ctx.state === 'running' && play(ctx),
        () => undefined, // not allowed yet: silence
      );
    } catch {
      // no audio here: nothing to hear
    }
  };
}
