import { describe, expect, it, vi } from 'vitest';
import { createChime, isMuted, shouldChime } from '../src/host/chime.ts';
import { fetchDeskSound } from '../src/host/desk-sound.ts';

/** A stand-in for WebAudio: counts the tones started; `resume` answers as told. */
function fakeAudio(state: AudioContextState, resume: () => Promise<void>) {
  const tones: number[] = [];
  const param = { setValueAtTime: vi.fn(), exponentialRampToValueAtTime: vi.fn() };
  class FakeContext {
    state = state;
    currentTime = 0;
    destination = {};
    resume = () => resume().then(() => void (this.state = 'running'));
    createGain = () => ({ gain: param, connect: vi.fn() });
    createOscillator = () => {
      const tone = { frequency: { value: 0 }, connect: vi.fn(), start: () => tones.push(tone.frequency.value), stop: vi.fn() };
      return tone;
    };
  }
  return { win: { AudioContext: FakeContext as unknown as typeof AudioContext }, tones };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the reply chime', () => {
  it('sounds only when the desk has it on, the visitor has not muted it, and they are not looking at the chat', () => {
    expect(shouldChime({ deskSound: true, muted: false, looking: false })).toBe(true);
    expect(shouldChime({ deskSound: true, muted: true, looking: false })).toBe(false);
    expect(shouldChime({ deskSound: false, muted: false, looking: false })).toBe(false);
    expect(shouldChime({ deskSound: true, muted: false, looking: true })).toBe(false);
  });

  it("reads the visitor's mute from the page's storage; blocked storage is not muted", () => {
    const stored = new Map([['parley:acme:sound', 'off']]);
    const storage = { getItem: (key: string) => stored.get(key) ?? null };
    expect(isMuted(() => storage, 'acme')).toBe(true);
    expect(isMuted(() => storage, 'other')).toBe(false);
    expect(
      isMuted(() => {
        throw new Error('SecurityError');
      }, 'acme'),
    ).toBe(false);
  });

  it('plays two short tones with WebAudio once the browser lets it start', async () => {
    const { win, tones } = fakeAudio('suspended', () => Promise.resolve());
    const chime = createChime(win);
    chime();
    await settle();
    expect(tones).toEqual([880, 1318.5]);
    chime(); // running now: at once
    expect(tones).toHaveLength(4);
  });

  it('stays silent, without an error, while the browser blocks audio (no gesture yet), and after a late start', async () => {
    const refused = fakeAudio('suspended', () => Promise.reject(new DOMException('not allowed', 'NotAllowedError')));
    expect(() => createChime(refused.win)()).not.toThrow();
    await settle();
    expect(refused.tones).toEqual([]);

    let start = () => {};
    const late = fakeAudio('suspended', () => new Promise<void>((resolve) => (start = resolve)));
    let clock = 0;
    createChime(late.win, () => clock)();
    clock = 5_000; // the visitor clicks much later: that reply's chime is stale
    start();
    await settle();
    expect(late.tones).toEqual([]);
    expect(() => createChime({})()).not.toThrow(); // no WebAudio at all
  });

  it("asks the widget's config whether the desk plays it; unknown is silent", async () => {
    const answer = (body: unknown) => ({ fetch: vi.fn(() => Promise.resolve({ json: () => Promise.resolve(body) } as Response)) });
    const on = answer({ ok: true, desk: { widget: { sound: true } } });
    expect(await fetchDeskSound(on, { base: 'https://parley.example', desk: 'acme' })).toBe(true);
    expect(on.fetch).toHaveBeenCalledWith('https://parley.example/api/v1/widget/config?desk=acme', { credentials: 'omit' });
    expect(await fetchDeskSound(answer({ ok: true, desk: { widget: { sound: false } } }), { base: 'https://p', desk: 'acme' })).toBe(false);
    expect(await fetchDeskSound(answer({ ok: true, desk: { widget: {} } }), { base: 'https://p', desk: 'acme' })).toBe(false);
    expect(await fetchDeskSound({ fetch: () => Promise.reject(new TypeError('offline')) }, { base: 'https://p', desk: 'acme' })).toBe(false);
  });
});
