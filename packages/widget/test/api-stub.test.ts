import { describe, expect, it, vi } from 'vitest';
import { API_METHODS, createParleyApi, type ApiCall, type QueuedCall } from '../src/loader/api-stub.ts';

describe('window.Parley (the loader’s stubs)', () => {
  it('queues every method and the Parley("name") form in order, the pre-load snippet’s calls first', () => {
    const calls: Array<[ApiCall, boolean]> = [];
    const listener = () => {};
    // what `window.Parley=window.Parley||function(){(Parley.q=Parley.q||[]).push(arguments)}` collected
    const snippet: QueuedCall[] = [['on', 'message', listener], ['setLocale', 'ko']];
    const api = createParleyApi((args, loads) => calls.push([args, loads]), snippet);
    api.trackPage({ url: '/cart', title: 'Cart' });
    api('open');
    api.close();
    api.identify({ token: 't' });
    expect(calls).toEqual([
      [['on', 'message', listener], true],
      [['setLocale', 'ko'], true],
      [['trackPage', { url: '/cart', title: 'Cart' }], true],
      [['open'], true],
      [['close'], false], // nothing to close before the panel exists
      [['identify', { token: 't' }], false], // carried until the panel loads for another reason
    ]);
  });

  it('has every documented method', () => {
    const api = createParleyApi(() => {});
    for (const name of API_METHODS.split(' ')) expect(typeof (api as unknown as Record<string, unknown>)[name], name).toBe('function');
    expect(API_METHODS.split(' ')).toEqual(['open', 'close', 'toggle', 'show', 'hide', 'identify', 'logout', 'reset', 'setLocale', 'trackPage', 'setAttributes', 'on', 'off']);
  });

  it('never throws into the host page', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const api = createParleyApi(() => {
      throw new Error('ours');
    });
    expect(() => api.open()).not.toThrow();
    expect(warn).toHaveBeenCalledWith('[Parley]', expect.any(Error));
    warn.mockRestore();
  });
});
