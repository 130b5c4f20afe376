/** A short, quiet two-tone chime made on the spot (no audio file to load); silent where audio is unavailable. */
let context: AudioContext | null = null;

export function beep(): void {
  try {
    context ??= new AudioContext();
    const now = context.currentTime;
    const gain = context.createGain();
    gain.gain.setValueAtTime(0.0001, now);
    gain.gain.exponentialRampToValueAtTime(0.08, now + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, now + 0.35);
    gain.connect(context.destination);
    for (const [freq, start] of [
      [880, 0],
      [1320, 0.12],
    ] as const) {
      const tone = context.createOscillator();
      tone.frequency.value = freq;
      tone.connect(gain);
      tone.start(now + start);
      tone.stop(now + start + 0.2);
    }
  } catch {
    // No audio here (or not allowed yet): the badge and the list still say it.
  }
}
