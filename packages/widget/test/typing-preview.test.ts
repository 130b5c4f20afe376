import { afterEach, describe, expect, it, vi } from 'vitest';
import { createChatController, type ChatController } from '../src/app/chat-controller.ts';
import { createChatStore } from '../src/app/chat-store.ts';
import { memoryStorage } from '../src/app/browser-storage.ts';
import { PREVIEW_EVERY_MS } from '../src/app/typing-signal.ts';
import { FakeVisitorServer } from './fake-visitor-server.ts';

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

let controller: ChatController | undefined;
afterEach(() => {
  controller?.stop();
  vi.useRealTimers();
});

async function chatting(): Promise<FakeVisitorServer> {
  const server = new FakeVisitorServer();
  controller = createChatController({ desk: 'acme', store: createChatStore('acme', memoryStorage()), api: server.api, openTransport: server.open });
  controller.start();
  await settle();
  controller.send('hello');
  await settle();
  return server;
}

/** The desk's typing preview as the chat controller applies it (the desk setting comes from the widget's config). */
describe('chat controller: the typing preview', () => {
  it('sends no text with the typing signal while the desk does not show the preview', async () => {
    const server = await chatting();
    controller!.typing('my password is hunter2');
    controller!.typing('my password is hunter2!', false);
    controller!.typing('');
    expect(server.typings).toEqual([
      { conversationId: 'conv1', typing: true },
      { conversationId: 'conv1', typing: false },
    ]);
    expect(JSON.stringify(server.typings)).not.toContain('hunter2');
  });

  it("sends the draft with it while the desk shows it, and the burst's last draft a second later", async () => {
    const server = await chatting();
    vi.useFakeTimers();
    controller!.typing('Where is', true);
    controller!.typing('Where is my order', true);
    vi.advanceTimersByTime(PREVIEW_EVERY_MS);
    expect(server.typings).toEqual([
      { conversationId: 'conv1', typing: true, preview: 'Where is' },
      { conversationId: 'conv1', typing: true, preview: 'Where is my order' },
    ]);
  });
});
