import { afterEach, describe, expect, it } from 'vitest';
import type { PublicFormField, PublicForms } from '@parley/protocol';
import { createChatController, type ChatController } from '../src/app/chat-controller.ts';
import { createChatStore } from '../src/app/chat-store.ts';
import { memoryStorage } from '../src/app/browser-storage.ts';
import { formKind } from '../src/app/form-kind.ts';
import { checkAnswers, labelOf, serverErrors, shownFields, toAnswers } from '../src/app/forms/answers.ts';
import { PROMPT_AFTER_MS, promptDueAt } from '../src/app/forms/prompt-due.ts';
import { FORM_STRINGS } from '../src/app/forms/strings.ts';
import { FakeVisitorServer } from './fake-visitor-server.ts';

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));
const blank = { en: '', ko: '' };
const fields: PublicFormField[] = [
  { kind: 'name', key: 'name', label: blank, required: false },
  { kind: 'email', key: 'email', label: blank, required: true },
  { kind: 'phone', key: 'phone', label: blank, required: false },
  { kind: 'team', key: 'team', label: blank, required: true, options: [{ id: 'billing', name: 'Billing' }] },
  { kind: 'text', key: 'order', label: { en: 'Order number', ko: '' }, required: false },
];

let controllers: ChatController[] = [];
afterEach(() => {
  controllers.forEach((c) => c.stop());
  controllers = [];
});

function setup(server = new FakeVisitorServer()) {
  const storage = memoryStorage();
  const controller = createChatController({ desk: 'acme', store: createChatStore('acme', storage), api: server.api, openTransport: server.open, retryDelay: () => 5 });
  controllers.push(controller);
  return { server, controller, storage };
}

describe('the pre-chat answers', () => {
  it('finds a missing required answer and a wrong e-mail or phone before sending', () => {
    expect(checkAnswers(fields, { email: 'mina@', phone: 'call me', order: 'A-1' })).toEqual({
      email: 'errorEmail',
      phone: 'errorPhone',
      team: 'errorRequired',
    });
    expect(checkAnswers(fields, { email: 'mina@example.com', team: 'billing' })).toEqual({});
  });

  it('sends blank answers as nothing, the team as teamId and custom fields by key', () => {
    expect(toAnswers('prechat', fields, { name: ' Mina ', email: 'mina@example.com', phone: '', team: 'billing', order: 'A-1' })).toEqual({
      form: 'prechat',
      name: 'Mina',
      email: 'mina@example.com',
      teamId: 'billing',
      fields: { order: 'A-1' },
    });
  });

  it("puts the server's refusals on their fields, in the forms' words", () => {
    const details = [
      { path: 'email', message: 'must be an e-mail address' },
      { path: 'teamId', message: 'required' },
      { path: 'fields.order', message: 'not a field of this form' },
    ];
    expect(serverErrors(fields, details)).toEqual({ email: 'errorEmail', team: 'errorRequired', order: 'errorInvalid' });
    expect(serverErrors(fields, { field: 'form' })).toBeNull();
    expect(FORM_STRINGS.ko.errorEmail).toContain('이메일');
  });

  it('shows only well-formed fields of the config (a malformed one cannot break the chat)', () => {
    expect(shownFields(fields)).toEqual(fields);
    expect(shownFields(null)).toEqual([]);
    expect(shownFields([{ kind: 'script', key: 'x' }, { kind: 'text' }, 7, { kind: 'team', key: 'team', options: [{ id: 1 }, { id: 'b', name: 'B' }] }])).toEqual([
      { kind: 'team', key: 'team', label: blank, required: false, options: [{ id: 'b', name: 'B' }] },
    ]);
  });

  it("labels a field with the desk's words in the visitor's language, else the other, else ours", () => {
    expect(labelOf(fields[4]!, 'ko', FORM_STRINGS.ko)).toBe('Order number');
    expect(labelOf(fields[1]!, 'ko', FORM_STRINGS.ko)).toBe('이메일');
    expect(labelOf({ ...fields[1]!, label: { en: 'Work e-mail', ko: '회사 이메일' } }, 'ko', FORM_STRINGS.ko)).toBe('회사 이메일');
  });
});

describe('which form the chat shows', () => {
  const forms: PublicForms = { preChat: fields, offline: true, emailPrompt: true };
  const facts = { availability: 'online' as const, emailKnown: false, preChatDone: false, started: false };
  it('nothing before the server said where the visitor stands, or when the desk has no forms', () => {
    expect(formKind(forms, { ...facts, availability: null })).toBeNull();
    expect(formKind(undefined, facts)).toBeNull();
  });
  it('before a conversation: offline when nobody would answer, else the pre-chat form once', () => {
    expect(formKind(forms, facts)).toBe('prechat');
    expect(formKind(forms, { ...facts, preChatDone: true })).toBeNull();
    expect(formKind(forms, { ...facts, availability: 'away' })).toBe('offline');
    expect(formKind({ ...forms, offline: false }, { ...facts, availability: 'offline' })).toBe('prechat');
  });
  it('during a conversation: the e-mail prompt while no e-mail is known', () => {
    expect(formKind(forms, { ...facts, started: true })).toBe('prompt');
    expect(formKind(forms, { ...facts, started: true, emailKnown: true })).toBeNull();
    expect(formKind({ ...forms, emailPrompt: false }, { ...facts, started: true })).toBeNull();
  });
  it('the prompt is due a minute after the first visitor message nobody answered', () => {
    const at = '2026-01-01T00:00:00.000Z';
    expect(promptDueAt([])).toBeNull();
    expect(promptDueAt([{ type: 'visitor', createdAt: at }])).toBe(Date.parse(at) + PROMPT_AFTER_MS);
    expect(promptDueAt([{ type: 'visitor', createdAt: at }, { type: 'agent', createdAt: at }])).toBeNull();
  });
});

describe('the chat controller and the forms', () => {
  it('marks messages an agent read before a reload Seen, from the resume answer', async () => {
    const server = new FakeVisitorServer();
    server.agentSays('hello');
    server.messages.push({ ...server.messages[0]!, id: 'v2', seq: 2, clientMsgId: 'visitor-2-xx', type: 'visitor', authorName: null });
    server.conversation = { ...server.conversation!, lastSeq: 2 };
    server.seenSeq = 2;
    const { controller } = setup(server);
    controller.start();
    await settle();
    expect(controller.getState().seenSeq).toBe(2);
  });

  it('knows where the visitor stands from the resume answer, and hears availability change', async () => {
    const server = new FakeVisitorServer();
    server.availability = 'offline';
    server.facts = { emailKnown: true, preChatDone: false };
    const { controller } = setup(server);
    controller.start();
    await settle();
    expect(controller.getState()).toMatchObject({ availability: 'offline', emailKnown: true, preChatDone: false });
    server.listener?.availability('online');
    expect(controller.getState().availability).toBe('online');
  });

  it('sends the answers, and the team chosen with the messages until one starts the ticket', async () => {
    const { server, controller } = setup();
    controller.start();
    await settle();
    const answer = await controller.profile({ form: 'prechat', email: 'mina@example.com', teamId: 'billing' });
    expect(answer).toEqual({ ok: true, emailKnown: true, preChatDone: true });
    expect(controller.getState()).toMatchObject({ emailKnown: true, preChatDone: true });
    controller.send('first');
    await settle();
    controller.send('second');
    await settle();
    expect(server.sent.map((s) => s.teamId)).toEqual(['billing', undefined]);
  });

  it('answers a refusal or a lost connection as a value', async () => {
    const { server, controller } = setup();
    controller.start();
    await settle();
    server.profileRefusal = { ok: false, error: { code: 'invalid_input', message: 'email: must be an e-mail address', details: [{ path: 'email' }] } };
    expect(await controller.profile({ form: 'email', email: 'x@y.z' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    server.drop();
    expect(await controller.profile({ form: 'email', email: 'x@y.z' })).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(controller.getState().emailKnown).toBe(false);
  });
});
