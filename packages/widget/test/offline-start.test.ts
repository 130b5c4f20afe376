import { afterEach, describe, expect, it } from 'vitest';
import { createChatController, type ChatController } from '../src/app/chat-controller.ts';
import { createChatStore } from '../src/app/chat-store.ts';
import { memoryStorage } from '../src/app/browser-storage.ts';
import { FakeVisitorServer } from './fake-visitor-server.ts';

const settle = () => new Promise((resolve) => setTimeout(resolve, 30));

let controllers: ChatController[] = [];
afterEach(() => {
  for (const c of controllers) c.stop();
  controllers = [];
});

/** A controller whose session request fails while `network.offline` (the browser's fetch fails at once). */
function offlineStart(network: { offline: boolean }, retryDelay: (attempt: number) => number): ChatController {
  const server = new FakeVisitorServer();
  const createSession = server.api.createSession;
  const api = {
    ...server.api,
    createSession: (...args: Parameters<typeof createSession>) =>
      network.offline ? Promise.reject(new TypeError('Failed to fetch')) : createSession(...args),
  };
  const controller = createChatController({
    desk: 'acme',
    store: createChatStore('acme', memoryStorage()),
    api,
    openTransport: server.open,
    onAgentMessage: () => {},
    retryDelay,
  });
  controllers.push(controller);
  return controller;
}

/**
 * A first-time visitor who opens the chat while the browser is offline: the session cannot be created (the fetch
 * fails). The chat must keep saying "You are offline" (the browser's signal), not "Connecting…", while its retries
 * fail; once the network is back it connects.
 */
describe('a chat first opened offline', () => {
  it('says it is offline while the session cannot be asked for, and connects once back online', async () => {
    const network = { offline: true };
    const controller = offlineStart(network, () => 5);
    // as the chat app starts: the controller, then the browser's offline signal
    controller.start();
    controller.setNetwork(false);
    await settle(); // the first attempt and a few retries have failed by now
    expect(controller.getState().connection).toBe('offline');

    network.offline = false;
    controller.setNetwork(true);
    await settle();
    expect(controller.getState().connection).toBe('online');
  });

  it('connects within a moment of the network coming back, however long it was offline (no backoff meanwhile)', async () => {
    const network = { offline: true };
    const controller = offlineStart(network, (attempt) => (attempt <= 1 ? 5 : 60_000)); // the backoff's later steps are far away
    controller.setNetwork(false);
    controller.start();
    await settle(); // several attempts fail while offline
    network.offline = false;
    controller.setNetwork(true);
    await settle();
    expect(controller.getState().connection).toBe('online');
  });
});
