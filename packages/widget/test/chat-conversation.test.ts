import { afterEach, describe, expect, it, vi } from 'vitest';
import { createChatController, TYPING_EVERY_MS, TYPING_SHOWN_MS, type ChatController } from '../src/app/chat-controller.ts';
import { createChatStore } from '../src/app/chat-store.ts';
import { memoryStorage } from '../src/app/browser-storage.ts';
import { FakeVisitorServer } from './fake-visitor-server.ts';

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

let controllers: ChatController[] = [];
afterEach(() => {
  for (const c of controllers) c.stop();
  controllers = [];
  vi.useRealTimers();
});

function setup() {
  const server = new FakeVisitorServer();
  const storage = memoryStorage();
  let ids = 0;
  const controller = createChatController({
    desk: 'acme',
    store: createChatStore('acme', storage),
    api: server.api,
    openTransport: server.open,
    newId: () => `client-id-${++ids}`,
    retryDelay: () => 5,
  });
  controllers.push(controller);
  return { server, storage, controller };
}

describe('chat controller: the conversation as the visitor sees it', () => {
  it('goes offline at once on the browser signal, keeps messages waiting, and sends them once, in order, when back', async () => {
    const { server, controller, storage } = setup();
    controller.start();
    await settle();
    controller.setNetwork(false);
    expect(controller.getState().connection).toBe('offline');
    for (const text of ['one', 'two', 'three']) controller.send(text);
    await settle();
    expect(server.sent).toEqual([]); // the socket still looks connected, but nothing is sent while offline
    expect(JSON.parse(storage.getItem('parley:acme:outbox')!).map((e: { text: string }) => e.text)).toEqual(['one', 'two', 'three']);
    server.drop(); // socket.io notices later: the state stays offline
    expect(controller.getState().connection).toBe('offline');

    controller.setNetwork(true);
    await settle();
    expect(server.log).toContain('reconnect now');
    expect(controller.getState().connection).toBe('online');
    expect(server.sent.map((s) => s.text)).toEqual(['one', 'two', 'three']);
    expect(server.messages.map((m) => m.text)).toEqual(['one', 'two', 'three']);
    expect(controller.getState().timeline.pending).toEqual([]);
  });

  it('marks the visitor messages seen up to the seq an agent read, for the shown conversation only', async () => {
    const { server, controller } = setup();
    controller.start();
    await settle();
    controller.send('hello');
    controller.send('anyone?');
    await settle();
    expect(controller.getState().seenSeq).toBe(0);
    server.listener!.seen('conv1', 1);
    expect(controller.getState().seenSeq).toBe(1);
    server.listener!.seen('other-conversation', 5);
    server.listener!.seen('conv1', 0); // never backwards
    expect(controller.getState().seenSeq).toBe(1);
  });

  it("shows the agent's typing until their message, a stop, or TYPING_SHOWN_MS after the last signal", async () => {
    const { server, controller } = setup();
    controller.start();
    await settle();
    controller.send('hello');
    await settle();
    vi.useFakeTimers();
    server.listener!.agentTyping('conv1', 'Mina', true);
    expect(controller.getState().typing).toBe('Mina');
    vi.advanceTimersByTime(TYPING_SHOWN_MS - 1);
    expect(controller.getState().typing).toBe('Mina');
    vi.advanceTimersByTime(1);
    expect(controller.getState().typing).toBeNull(); // no stuck indicator when the agent went away silently
    server.listener!.agentTyping('conv1', 'Mina', true);
    server.listener!.agentTyping('conv1', 'Mina', false);
    expect(controller.getState().typing).toBeNull();
    server.listener!.agentTyping('conv1', 'Mina', true);
    server.agentSays('Here is the answer');
    expect(controller.getState().typing).toBeNull();
    server.listener!.agentTyping('another', 'Joon', true);
    expect(controller.getState().typing).toBeNull();
  });

  it("signals the visitor's typing at most every TYPING_EVERY_MS, and a stop when the box is emptied", async () => {
    const { server, controller } = setup();
    controller.start();
    await settle();
    controller.typing('hi'); // no conversation yet: nobody to tell
    controller.send('hello');
    await settle();
    const now = vi.spyOn(Date, 'now');
    now.mockReturnValue(100_000);
    controller.typing('a');
    controller.typing('ab');
    now.mockReturnValue(100_000 + TYPING_EVERY_MS - 1);
    controller.typing('abc');
    now.mockReturnValue(100_000 + TYPING_EVERY_MS);
    controller.typing('abcd');
    controller.typing('');
    controller.typing('');
    now.mockRestore();
    expect(server.typings).toEqual([
      { conversationId: 'conv1', typing: true },
      { conversationId: 'conv1', typing: true },
      { conversationId: 'conv1', typing: false },
    ]);
  });

  it('starts a new conversation on request: the next message carries it, kept across a reload in the outbox', async () => {
    const { server, controller, storage } = setup();
    controller.start();
    await settle();
    controller.send('first');
    await settle();
    server.listener!.conversationUpdated({ ...server.conversation!, status: 'resolved' });
    expect(controller.getState().status).toBe('resolved');
    controller.newConversation();
    expect(controller.getState().fresh).toBe(true);
    server.drop();
    controller.send('a new topic');
    expect(JSON.parse(storage.getItem('parley:acme:outbox')!)).toEqual([
      { clientMsgId: 'client-id-2', text: 'a new topic', attachments: [], fresh: true },
    ]);
    server.connect();
    await settle();
    expect(server.sent.at(-1)).toEqual({ clientMsgId: 'client-id-2', text: 'a new topic', attachmentIds: [], fresh: true });
    expect(controller.getState().fresh).toBe(false);
  });

  it('shows the place in line until an agent has it', async () => {
    const { server, controller } = setup();
    controller.start();
    await settle();
    controller.send('hello');
    await settle();
    server.listener!.queue('conv1', 2);
    expect(controller.getState().queue).toBe(2);
    server.listener!.queue('conv1', null);
    expect(controller.getState().queue).toBeNull();
  });

  it('lists the conversations; choosing the current one goes back to the chat', async () => {
    const { controller } = setup();
    controller.start();
    await settle();
    controller.send('hello');
    await settle();
    controller.loadConversations();
    await settle();
    expect(controller.getState().list).toMatchObject({ more: false, loading: false, conversations: [{ id: 'conv1', lastMessagePreview: 'hello' }] });
    controller.openConversation('conv1'); // the current one: back to the chat
    expect(controller.getState().list).toBeNull();
    expect(controller.getState().viewing).toBeNull();
  });
});
