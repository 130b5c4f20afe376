import type { Browser, FrameLocator, Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, logInToInbox } from '../support/browser.ts';
import { ADMIN, call, connect, json, loginAgent } from '../support/clients.ts';
import { removeDir, startServerUnderTest, type ServerUnderTest } from '../support/parley.ts';

/** Where the README's screenshots are written when PARLEY_DOCS_SCREENSHOT=1 (else only to /tmp). */
const DOCS = (name: string) =>
  process.env.PARLEY_DOCS_SCREENSHOT === '1' ? new URL(`../../docs/${name}`, import.meta.url).pathname : `/tmp/parley-${name}`;

type Ticket = { id: string; teamId: string | null; contactId: string; status: string; channel: string; lastMessagePreview: string };

/**
 * The widget's forms (issue #11) as people use them, in Chromium: an admin turns on the pre-chat form in Settings →
 * Desk; a visitor answers it (a wrong e-mail named in words of ours), and the agent finds the answers on the contact
 * and the ticket in the chosen team; what the agent read shows Seen after a reload; with nobody online, the offline
 * form still makes a ticket.
 */
describe('widget forms (Chromium)', () => {
  let server: ServerUnderTest;
  let browser: Browser;
  let inbox: Page;
  let site: Page;
  let chat: FrameLocator;
  let agent: Socket;
  let cookie: string;
  let billing: string;
  const api = (path: string, method = 'GET', body?: unknown) =>
    json(`${server.url}/api/v1${path}`, { method, headers: { cookie, 'x-parley-csrf': '1' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const tickets = async () => ((await call(agent, 'agent:conversations', { queue: 'all' })).conversations as Ticket[]) ?? [];
  const openChat = async (page: Page) => {
    await page.goto(`${server.url}/`);
    await page.getByRole('button', { name: 'Open chat' }).click();
    return page.frameLocator('iframe[title="Chat"]');
  };

  beforeAll(async () => {
    server = await startServerUnderTest();
    cookie = await loginAgent(server.url, ADMIN);
    agent = await connect(server.url, '/agent', { cookie });
    billing = ((await api('/teams', 'POST', { name: 'Billing' })).body.team as { id: string }).id;
    await api('/teams', 'POST', { name: 'Shipping' });
    browser = await launchBrowser();
    inbox = await (await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } })).newPage();
    site = await (await browser.newContext({ locale: 'en-US', viewport: { width: 1024, height: 800 } })).newPage();
  });
  afterAll(async () => {
    agent?.close();
    await browser?.close();
    await server?.stop();
    if (server) await removeDir(server.dataDir);
  });

  it('the admin turns on a pre-chat form with a required e-mail, a team choice and a custom field', async () => {
    await logInToInbox(inbox, server.url, ADMIN);
    await inbox.getByRole('link', { name: 'Settings' }).click();
    await inbox.getByRole('navigation', { name: /Settings sections/ }).getByRole('link', { name: 'Desk' }).click();
    const forms = inbox.getByRole('group', { name: 'Chat forms' });
    await forms.getByRole('checkbox', { name: /Ask a pre-chat form/ }).check();
    await forms.getByRole('combobox', { name: 'Name', exact: true }).selectOption('optional');
    await forms.getByRole('combobox', { name: 'Email', exact: true }).selectOption('required');
    await forms.getByRole('combobox', { name: 'Team choice' }).selectOption('required');
    await inbox.getByRole('button', { name: 'Save desk settings' }).click();
    await inbox.getByText('Choose at least one team for the team question.').waitFor(); // a team question with no team
    await forms.getByRole('group', { name: 'Teams the visitor can choose' }).getByRole('checkbox', { name: 'Billing' }).check();
    await forms.getByRole('button', { name: 'Add a custom field' }).click();
    await forms.getByRole('textbox', { name: 'Attribute key of field 1' }).fill('order');
    await forms.getByRole('textbox', { name: 'English label of field 1' }).fill('Order number');
    await forms.getByRole('checkbox', { name: /show an offline form/ }).check();
    await inbox.getByRole('button', { name: 'Save desk settings' }).click();
    await inbox.getByText('Desk settings are saved.').waitFor();
    await forms.screenshot({ path: DOCS('settings-forms.png') });
    const { settings } = (await api('/settings/desk')).body as { settings: { forms: { preChat: { enabled: boolean; teamIds: string[] }; offline: { enabled: boolean } } } };
    expect(settings.forms.preChat).toMatchObject({ enabled: true, teamIds: [billing] });
    expect(settings.forms.offline.enabled).toBe(true);
    await inbox.getByRole('link', { name: 'Back to the inbox' }).click();
  });

  it("the visitor's answers land on the contact and the ticket in the chosen team (a reload before the first message keeps it); what the agent read stays Seen after a reload", async () => {
    chat = await openChat(site);
    const form = chat.getByRole('form', { name: 'Before we start' });
    await form.waitFor({ timeout: 10_000 });
    await chat.getByRole('banner').getByText('Online', { exact: true }).waitFor(); // the admin is online in the inbox
    await form.getByRole('textbox', { name: /^Name/ }).fill('Mina Park');
    await form.getByRole('textbox', { name: /^Email/ }).fill('mina@');
    await form.getByRole('combobox', { name: /^Topic/ }).selectOption({ label: 'Billing' });
    await form.getByRole('textbox', { name: /^Order number/ }).fill('A-1042');
    await form.getByRole('button', { name: 'Start chat' }).click();
    const emailError = form.getByText('Please enter a valid email address, like name@example.com.');
    await emailError.waitFor();
    expect(await form.getByRole('textbox', { name: /^Email/ }).getAttribute('aria-invalid')).toBe('true');
    await site.screenshot({ path: DOCS('widget-prechat.png') });
    await form.getByRole('textbox', { name: /^Email/ }).fill('mina@example.com');
    expect(await emailError.count()).toBe(0); // gone as the visitor corrects it
    await form.getByRole('button', { name: 'Start chat' }).click();
    await chat.getByRole('textbox', { name: 'Message' }).waitFor();
    // The visitor reloads the page before writing: the form is not asked again, and the team choice is kept.
    chat = await openChat(site);
    await chat.getByRole('banner').getByText('Online', { exact: true }).waitFor();
    expect(await chat.getByRole('form', { name: 'Before we start' }).count()).toBe(0);

    const message = chat.getByRole('textbox', { name: 'Message' });
    await message.fill('Where is my order?');
    await chat.getByRole('button', { name: 'Send' }).click();
    const log = chat.getByRole('log', { name: 'Conversation' });
    await log.getByText('Sent', { exact: true }).waitFor();
    const [ticket] = await tickets();
    expect(ticket).toMatchObject({ teamId: billing, channel: 'web', status: 'new' });

    await inbox.getByRole('list', { name: 'Conversations' }).getByRole('button', { name: /Where is my order\?/ }).click();
    const sidebar = inbox.getByRole('complementary', { name: 'Contact' });
    await sidebar.getByRole('heading', { name: 'Mina Park' }).waitFor();
    await sidebar.getByText('mina@example.com').waitFor();
    await sidebar.getByText('A-1042').waitFor();
    await sidebar.getByText('Replies by email').waitFor(); // the inbox's words (packages/inbox)
    expect(await sidebar.getByText('order', { exact: true }).count()).toBe(1);

    await log.getByText('Seen', { exact: true }).waitFor({ timeout: 10_000 }); // the agent opened the ticket
    await site.reload();
    await site.getByRole('button', { name: 'Open chat' }).click();
    chat = site.frameLocator('iframe[title="Chat"]');
    await chat.getByRole('log', { name: 'Conversation' }).getByText('Where is my order?').waitFor({ timeout: 10_000 });
    await chat.getByRole('log', { name: 'Conversation' }).getByText('Seen', { exact: true }).waitFor({ timeout: 5000 });
    expect(await chat.getByRole('form', { name: 'Before we start' }).count()).toBe(0); // answered once
  });

  it('speaks Korean: the pre-chat form and its errors', async () => {
    const visitor = await (await browser.newContext({ locale: 'ko-KR', viewport: { width: 1024, height: 800 } })).newPage();
    await visitor.goto(`${server.url}/`);
    await visitor.getByRole('button', { name: '채팅 열기' }).click();
    const form = visitor.frameLocator('iframe[title="채팅 상담"]').getByRole('form', { name: '상담 시작 전에' });
    await form.waitFor({ timeout: 10_000 });
    await form.getByRole('textbox', { name: /^이메일/ }).fill('mina@');
    await form.getByRole('button', { name: '채팅 시작' }).click();
    await form.getByText('name@example.com 형식의 올바른 이메일 주소를 입력해 주세요.').waitFor();
    await form.getByText('이 항목을 입력해 주세요.').waitFor(); // the topic
    expect(await form.getByRole('combobox', { name: /^문의 유형/ }).getByRole('option').allTextContents()).toEqual(['선택하세요…', 'Billing']);
    await visitor.context().close();
  });

  it('with nobody online, the offline form takes an e-mail and a message and makes a ticket', async () => {
    expect((await api('/auth/me', 'PATCH', { availability: 'offline' })).status).toBe(200);
    const visitor = await (await browser.newContext({ locale: 'en-US', viewport: { width: 1024, height: 800 } })).newPage();
    const offlineChat = await openChat(visitor);
    const form = offlineChat.getByRole('form', { name: 'We are away right now' });
    await form.waitFor({ timeout: 10_000 });
    await offlineChat.getByRole('banner').getByText('Offline: leave a message', { exact: true }).waitFor();
    await form.getByRole('button', { name: 'Send message' }).click();
    await form.getByText('Please fill in this field.').first().waitFor(); // both are required
    await form.getByRole('textbox', { name: /^Email/ }).fill('late@example.com');
    await form.getByRole('textbox', { name: /^Message/ }).fill('Please call me back about my refund');
    await visitor.screenshot({ path: DOCS('widget-offline.png') });
    await form.getByRole('button', { name: 'Send message' }).click();
    await offlineChat.getByRole('log', { name: 'Conversation' }).getByText('Sent', { exact: true }).waitFor();
    await expect.poll(async () => (await tickets()).find((t) => t.lastMessagePreview.includes('call me back'))).toBeTruthy();
    const ticket = (await tickets()).find((t) => t.lastMessagePreview.includes('call me back'))!;
    expect(ticket).toMatchObject({ status: 'new', channel: 'web', teamId: null });
    const contact = (await api(`/contacts/${ticket.contactId}`)).body.contact as { email: string; emailFollowUp: boolean; verified: { email: boolean } };
    expect(contact).toMatchObject({ email: 'late@example.com', emailFollowUp: true, verified: { email: false } });
    await api('/auth/me', 'PATCH', { availability: 'online' });
  });

  it('asks for an e-mail when nobody answers the first message within a minute', async () => {
    const { settings } = (await api('/settings/desk')).body as { settings: { version: number; forms: { preChat: Record<string, unknown> } } };
    const saved = await api('/settings/desk', 'PATCH', { version: settings.version, forms: { preChat: { ...settings.forms.preChat, enabled: false }, emailPrompt: true } });
    expect(saved.status).toBe(200);
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1024, height: 800 } });
    await context.clock.install(); // the page's clock runs as usual until the test moves it on
    const visitor = await context.newPage();
    const promptChat = await openChat(visitor);
    await promptChat.getByRole('textbox', { name: 'Message' }).fill('Is anyone there?');
    await promptChat.getByRole('button', { name: 'Send' }).click();
    await promptChat.getByRole('log', { name: 'Conversation' }).getByText('Sent', { exact: true }).waitFor();
    const prompt = promptChat.getByRole('form', { name: 'Get replies by email' });
    expect(await prompt.count()).toBe(0);
    await visitor.clock.fastForward(61_000);
    await prompt.waitFor({ timeout: 5000 });
    await promptChat.getByText(/Connecting…|Reconnecting…/).waitFor({ state: 'detached', timeout: 15_000 }); // the jump may cost the socket a ping
    await prompt.getByRole('textbox', { name: /^Email/ }).fill('waiting@example.com');
    await prompt.getByRole('button', { name: 'Save email' }).click();
    await prompt.waitFor({ state: 'detached' });
    const ticket = (await tickets()).find((t) => t.lastMessagePreview.includes('anyone there'))!;
    const contact = (await api(`/contacts/${ticket.contactId}`)).body.contact as { email: string; emailFollowUp: boolean };
    expect(contact).toMatchObject({ email: 'waiting@example.com', emailFollowUp: true });
    await context.close();
  });
});
