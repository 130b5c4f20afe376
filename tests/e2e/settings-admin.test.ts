import type { Browser, Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { call, clientMsgId, connect, json, loginAgent, newVisitorToken, nextEvent } from '../support/clients.ts';
import { ADMIN, removeDir, startServerUnderTest, type ServerUnderTest } from '../support/parley.ts';

const MINA = { name: 'Mina', email: 'mina@settings.test' };
const JUN = { name: 'Jun Seo', email: 'jun@settings.test', password: 'jun password 12' };
/** Where the README's screenshots are written when PARLEY_DOCS_SCREENSHOT=1 (else only to /tmp). */
const DOCS = (name: string) =>
  process.env.PARLEY_DOCS_SCREENSHOT === '1' ? new URL(`../../docs/${name}`, import.meta.url).pathname : `/tmp/parley-${name}`;

/**
 * The Settings screens (issue #10) and the reply policy in the composer (issue #9), in Chromium with one browser
 * context per agent. An admin creates two agents and promotes one, restyles the widget (its public config follows
 * without a restart) and blocks replies to colleagues' tickets (another agent's composer closes the reply, a note
 * still goes); agents rename themselves; a deactivated agent's open inbox is signed out. Elements are found by role
 * and accessible name only.
 */
describe('settings: agents, desk and profile (Chromium)', () => {
  let server: ServerUnderTest;
  let browser: Browser;
  let admin: Page;
  let mina: Page;
  let minaPassword = '';
  let visitor: Socket;
  let conversationId: string;
  const pageErrors: string[] = [];

  async function open(locale = 'en-US'): Promise<Page> {
    const page = await (await browser.newContext({ locale, viewport: { width: 1280, height: 860 } })).newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
    page.on('console', (message) => {
      // (`GET /auth/me` answers 401 before the login; a refused form answers 4xx: both expected)
      if (message.type() === 'error' && !/\b(401|400|409) \(/.test(message.text())) pageErrors.push(message.text());
    });
    return page;
  }
  async function logIn(page: Page, creds: { email: string; password: string }) {
    await page.goto(`${server.url}/inbox/`);
    await page.getByRole('textbox', { name: 'Email' }).fill(creds.email);
    await page.getByLabel('Password').fill(creds.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('link', { name: 'Settings' }).waitFor({ timeout: 10_000 }).catch(async (err: unknown) => {
      console.log(await page.locator('body').innerText());
      throw err;
    });
  }
  const api = async (path: string, init: { method?: string; body?: unknown } = {}) =>
    json(`${server.url}/api/v1${path}`, {
      method: init.method ?? 'GET',
      headers: { cookie: await loginAgent(server.url, ADMIN), 'x-parley-csrf': '1' },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
  const settingsNav = (page: Page) => page.getByRole('navigation', { name: /Settings sections|설정 메뉴/ });

  beforeAll(async () => {
    server = await startServerUnderTest();
    visitor = await connect(server.url, '/visitor', { token: await newVisitorToken(server.url) });
    const first = await call(visitor, 'visitor:message', { clientMsgId: clientMsgId(), text: 'Can I change my delivery address?' });
    conversationId = (first.message as { conversationId: string }).conversationId;
    // the ticket is Admin's
    const socket = await connect(server.url, '/agent', { cookie: await loginAgent(server.url, ADMIN) });
    const opened = (await call(socket, 'agent:open', { conversationId })) as unknown as { conversation: { version: number } };
    const me = (await api('/auth/me')).body.agent as { id: string };
    const assigned = await call(socket, 'agent:update', { conversationId, version: opened.conversation.version, assigneeId: me.id });
    expect(assigned.ok, JSON.stringify(assigned.error)).toBe(true);
    socket.close();
    browser = await launchBrowser();
    admin = await open();
    await logIn(admin, ADMIN);
  });
  afterAll(async () => {
    visitor?.close();
    await browser?.close();
    await server?.stop();
    if (server) await removeDir(server.dataDir);
  });

  it('reminds the first admin that customers see "Admin", and the link leads to the profile', async () => {
    const notice = admin.getByRole('note').filter({ hasText: 'Customers see you as “Admin”.' });
    await notice.waitFor();
    await notice.getByRole('link', { name: 'Set your name' }).click();
    await admin.getByRole('heading', { name: 'Your profile' }).waitFor();
    expect(await admin.getByRole('textbox', { name: 'Display name' }).inputValue()).toBe('Admin');
    await admin.screenshot({ path: DOCS('settings-profile.png') });
  });

  it('adds two agents (a generated password handed over), refuses a taken e-mail inline, and promotes one', async () => {
    await settingsNav(admin).getByRole('link', { name: 'Agents' }).click();
    const form = admin.getByRole('form', { name: 'Add an agent' });
    await form.waitFor();

    // a short password is refused next to its field before anything is sent
    await form.getByRole('textbox', { name: 'Name' }).fill(MINA.name);
    await form.getByRole('textbox', { name: 'Email' }).fill(MINA.email);
    await form.getByLabel('Password', { exact: true }).fill('short');
    await form.getByRole('button', { name: 'Add agent' }).click();
    await form.getByText('At least 10 characters.', { exact: true }).waitFor();
    expect(await form.getByLabel('Password', { exact: true }).getAttribute('aria-invalid')).toBe('true');

    await form.getByRole('button', { name: 'Generate' }).click();
    const field = form.getByRole('textbox', { name: 'Password' });
    minaPassword = await field.inputValue(); // shown in clear once generated
    expect(minaPassword).toMatch(/^\S{16}$/);
    // every character of it in sight, not cut off by a narrow field
    expect(await field.evaluate((input: HTMLInputElement) => input.scrollWidth <= input.clientWidth)).toBe(true);
    await form.getByRole('button', { name: 'Copy', exact: true }).waitFor();
    await form.getByRole('button', { name: 'Add agent' }).click();
    await form.getByRole('status').filter({ hasText: `Mina is added and can sign in with ${MINA.email}.` }).waitFor();
    // The form is empty for the next agent; the password to hand over stays readable beside it, with its copy button.
    expect(await form.getByLabel('Password', { exact: true }).inputValue()).toBe('');
    const handover = form.getByText(minaPassword, { exact: true });
    await handover.waitFor();
    expect(await handover.evaluate((el) => el.getBoundingClientRect().right <= el.closest('form')!.getBoundingClientRect().right)).toBe(true);
    await form.getByRole('button', { name: 'Copy the password for Mina' }).waitFor();
    await admin.screenshot({ path: '/tmp/parley-settings-agent-added.png' });

    await form.getByRole('textbox', { name: 'Name' }).fill(JUN.name);
    await form.getByRole('textbox', { name: 'Email' }).fill(MINA.email); // taken
    await form.getByLabel('Password', { exact: true }).fill(JUN.password);
    await form.getByRole('button', { name: 'Add agent' }).click();
    await form.getByText('An agent with this email already exists.').waitFor();
    await form.getByRole('textbox', { name: 'Email' }).fill(JUN.email);
    await form.getByRole('button', { name: 'Add agent' }).click();
    await form.getByRole('status').filter({ hasText: `Jun Seo is added and can sign in with ${JUN.email}.` }).waitFor();

    const table = admin.getByRole('table', { name: 'Agents of this desk' });
    await table.getByRole('row', { name: /Mina/ }).waitFor();
    await table.getByRole('row', { name: /Jun Seo/ }).waitFor();

    await admin.getByRole('button', { name: 'Edit Jun Seo' }).click();
    const edit = admin.getByRole('form', { name: 'Edit Jun Seo' });
    await edit.getByRole('combobox', { name: 'Role' }).selectOption('admin');
    await edit.getByRole('spinbutton', { name: 'Capacity' }).fill('0');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await edit.getByText('A whole number from 1 to 100 (empty: the desk default).').waitFor();
    await edit.getByRole('spinbutton', { name: 'Capacity' }).fill('4');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await edit.getByRole('status').filter({ hasText: 'Changes to Jun Seo are saved.' }).waitFor();
    await admin.getByRole('button', { name: 'Edit Jun Seo' }).click(); // closes the panel
    await expect.poll(async () => table.getByRole('row', { name: /Jun Seo/ }).innerText()).toMatch(/Admin[\s\S]*Active[\s\S]*4/);

    const agents = (await api('/agents')).body.agents as { email: string; role: string; capacity: number | null; active: boolean }[];
    expect(agents.find((a) => a.email === JUN.email)).toMatchObject({ role: 'admin', capacity: 4, active: true });
    expect(agents.find((a) => a.email === MINA.email)).toMatchObject({ role: 'agent', capacity: null, active: true });
    await admin.screenshot({ path: DOCS('settings-agents.png') });
  });

  it('restyles the widget: the public config follows at once, without a restart', async () => {
    await settingsNav(admin).getByRole('link', { name: 'Desk' }).click();
    await admin.getByRole('heading', { name: 'Desk', exact: true }).waitFor();
    await admin.getByRole('textbox', { name: 'Colour (hex)' }).fill('#0F766E');
    await admin.getByRole('textbox', { name: 'Greeting (English)' }).fill('Hello from the test desk!');
    await admin.getByRole('textbox', { name: 'Greeting (Korean)' }).fill('테스트 데스크입니다!');
    await admin.getByRole('textbox', { name: 'Allowed origins' }).fill('https://shop.example.com\nshop.example.com/path');
    await admin.getByRole('button', { name: 'Save desk settings' }).click();
    await admin.getByText('Line 2 is not an origin like https://www.example.com (no path).').waitFor();
    await admin.getByRole('textbox', { name: 'Allowed origins' }).fill('');
    await admin.getByRole('button', { name: 'Save desk settings' }).click();
    await admin.getByRole('status').filter({ hasText: 'Desk settings are saved.' }).waitFor();

    const config = (await json(`${server.url}/api/v1/widget/config?desk=default`)).body.desk as {
      greeting: { en: string; ko: string };
      widget: { color: string };
    };
    expect(config.widget.color).toBe('#0f766e');
    expect(config.greeting).toEqual({ en: 'Hello from the test desk!', ko: '테스트 데스크입니다!' });
    expect(await admin.getByRole('textbox', { name: 'Colour (hex)' }).inputValue()).toBe('#0f766e');
    await admin.setViewportSize({ width: 1280, height: 1500 }); // the whole form in one picture
    await admin.screenshot({ path: DOCS('settings-desk.png') });
    await admin.setViewportSize({ width: 1280, height: 860 });
  });

  it('tells the admin when another admin saved first, and shows the settings as they are now', async () => {
    const { settings } = (await api('/settings/desk')).body as { settings: { version: number } };
    const other = await api('/settings/desk', { method: 'PATCH', body: { version: settings.version, widget: { launcherLabel: { en: 'Ask us', ko: '문의하기' } } } });
    expect(other.status).toBe(200);
    await admin.getByRole('textbox', { name: 'Launcher label (English)' }).fill('Chat with us');
    await admin.getByRole('button', { name: 'Save desk settings' }).click();
    await admin.getByRole('alert').filter({ hasText: 'Another admin changed these settings — reloaded.' }).waitFor();
    await expect.poll(() => admin.getByRole('textbox', { name: 'Launcher label (English)' }).inputValue()).toBe('Ask us');
  });

  it('generates an identity secret shown once with a copy button, and removes it after a confirmation', async () => {
    const identity = admin.getByRole('region', { name: 'Identity verification' });
    await identity.getByText('No secret is configured: visitors are anonymous.').waitFor();
    await identity.getByRole('button', { name: 'Generate a new secret' }).click();
    const once = identity.getByRole('status').filter({ hasText: 'it will not be shown again' });
    await once.waitFor();
    expect(await once.locator('code').innerText()).toMatch(/^\S{32,}$/);
    await once.getByRole('button', { name: 'Copy' }).waitFor();
    await identity.getByText('A secret is configured').waitFor();
    expect(((await api('/settings/desk')).body.settings as { identitySecret: unknown }).identitySecret).toEqual({ configured: true });

    // a secret of one's own must be long enough: said at the field
    await identity.getByRole('button', { name: 'Set a secret' }).click();
    await identity.getByLabel('Secret', { exact: true }).fill('too short');
    await identity.getByRole('button', { name: 'Save secret' }).click();
    await expect.poll(() => identity.getByLabel('Secret', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await identity.getByText('At least 32 characters.', { exact: true }).first().waitFor();

    await identity.getByRole('button', { name: 'Remove the secret' }).click();
    await identity.getByRole('group', { name: 'Remove the secret' }).getByRole('button', { name: 'Remove the secret' }).click();
    await identity.getByText('No secret is configured: visitors are anonymous.').waitFor();
    // the desk form still saves: it carries the version the secret's changes left
    await admin.getByRole('button', { name: 'Save desk settings' }).click();
    await admin.getByRole('status').filter({ hasText: 'Desk settings are saved.' }).waitFor();
  });

  it('shows what the environment pins read-only, naming the variable', async () => {
    const pinnedServer = await startServerUnderTest({ DESK_NAME: 'Pinned Support', IDENTITY_SECRET: 'a-very-long-identity-secret-of-the-site-0123456789' });
    const page = await open();
    try {
      await page.goto(`${pinnedServer.url}/inbox/#/settings/desk`);
      await page.getByRole('textbox', { name: 'Email' }).fill(ADMIN.email);
      await page.getByLabel('Password').fill(ADMIN.password);
      await page.getByRole('button', { name: 'Log in' }).click();
      const name = page.getByRole('textbox', { name: 'Desk name' });
      await name.waitFor();
      expect(await name.inputValue()).toBe('Pinned Support');
      expect(await name.getAttribute('readonly')).not.toBeNull();
      await page.getByText('Set by DESK_NAME in the server’s environment; change it there.').waitFor();
      const identity = page.getByRole('region', { name: 'Identity verification' });
      await identity.getByText('Set by IDENTITY_SECRET in the server’s environment; change it there.').waitFor();
      expect(await identity.getByRole('button').count()).toBe(0);
      // the rest saves as usual around the pinned name
      await page.getByRole('textbox', { name: 'Launcher label (English)' }).fill('Talk to us');
      await page.getByRole('button', { name: 'Save desk settings' }).click();
      await page.getByRole('status').filter({ hasText: 'Desk settings are saved.' }).waitFor();
    } finally {
      await page.context().close();
      await pinnedServer.stop();
      await removeDir(pinnedServer.dataDir);
    }
  });

  it('block: a colleague cannot reply to the admin’s ticket (live, without a reload), and a note still goes', async () => {
    mina = await open();
    await logIn(mina, { email: MINA.email, password: minaPassword });
    await mina.getByRole('list', { name: 'Conversations' }).getByRole('button', { name: /#1\b/ }).click();
    await mina.getByRole('log', { name: 'Timeline' }).getByText('Can I change my delivery address?').waitFor();
    const replyMode = mina.getByRole('radio', { name: 'Reply' });
    expect(await replyMode.isDisabled()).toBe(false); // warn (the default): she could reply after confirming

    await admin.getByRole('radio', { name: /^Block/ }).check();
    await admin.getByRole('button', { name: 'Save desk settings' }).click();
    await admin.getByRole('status').filter({ hasText: 'Desk settings are saved.' }).waitFor();

    await expect.poll(() => replyMode.isDisabled(), { timeout: 5000 }).toBe(true);
    const why = mina.getByRole('note').filter({ hasText: 'Only Admin can reply to this ticket (desk rule).' });
    await why.waitFor();
    await why.getByRole('button', { name: 'Assign to me' }).waitFor();
    await mina.screenshot({ path: '/tmp/parley-settings-blocked.png' });

    // nothing was written yet: the box became a note by itself
    expect(await mina.getByRole('radio', { name: 'Note' }).isChecked()).toBe(true);
    await mina.getByRole('textbox', { name: 'Reply' }).fill('Customer asked about the address; Admin is on it.');
    await mina.getByRole('button', { name: 'Send' }).click();
    await mina.getByRole('log', { name: 'Timeline' }).getByText('Customer asked about the address; Admin is on it.').waitFor({ timeout: 5000 });
    expect(await mina.getByRole('textbox', { name: 'Reply' }).inputValue()).toBe('');
  });

  it('block: a send the server still refuses (the inbox had not heard of the policy) keeps the draft and says why', async () => {
    const stale = await open();
    // this inbox is told "allow" at login, while the desk blocks: as if the change had not reached it yet
    await stale.route('**/api/v1/auth/login', async (route) => {
      const response = await route.fetch();
      const body = (await response.json()) as { desk: { replyPolicy: string } };
      await route.fulfill({ response, json: { ...body, desk: { ...body.desk, replyPolicy: 'allow' } } });
    });
    await logIn(stale, { email: MINA.email, password: minaPassword });
    await stale.getByRole('list', { name: 'Conversations' }).getByRole('button', { name: /#1\b/ }).click();
    await stale.getByRole('radio', { name: 'Reply' }).check();
    await stale.getByRole('textbox', { name: 'Reply' }).fill('Yes, I can change it for you.');
    await stale.getByRole('button', { name: 'Send' }).click();
    await stale.getByRole('alert').filter({ hasText: 'Not sent: on this desk only Admin can reply to this ticket. Your reply is kept.' }).waitFor();
    expect(await stale.getByRole('textbox', { name: 'Reply' }).inputValue()).toBe('Yes, I can change it for you.');
    await stale.context().close();
    const history = (await call(visitor, 'visitor:resume', {})).messages as { text: string }[];
    expect(history.map((m) => m.text)).not.toContain('Yes, I can change it for you.');
  });

  it('an agent renames themselves: the top bar and the colleague’s screen follow; their send key applies', async () => {
    await mina.getByRole('link', { name: 'Settings' }).click();
    await mina.getByRole('heading', { name: 'Your profile' }).waitFor();
    expect(await settingsNav(mina).getByRole('link', { name: 'Agents' }).count()).toBe(0); // admins only
    await mina.getByRole('img', { name: 'Avatar preview: MI' }).waitFor(); // derived from "Mina"
    await mina.getByRole('textbox', { name: 'Display name' }).fill('Mina Park');
    await mina.getByRole('img', { name: 'Avatar preview: MP' }).waitFor(); // and follows the name
    expect(await mina.getByRole('radio', { name: 'Enter (Shift+Enter for a new line)' }).isChecked()).toBe(true); // the default
    await mina.getByRole('radio', { name: 'Ctrl+Enter (Enter for a new line)' }).check();
    await mina.getByRole('button', { name: 'Save profile' }).click();
    await mina.getByRole('status').filter({ hasText: 'Your profile is saved.' }).waitFor();
    await mina.getByText('Signed in as Mina Park').waitFor();

    // a wrong current password is shown at its field
    await mina.getByLabel('Current password').fill('not my password');
    await mina.getByLabel('New password', { exact: true }).fill('a brand new password');
    await mina.getByLabel('Repeat the new password').fill('a brand new password');
    await mina.getByRole('button', { name: 'Change password' }).click();
    await mina.getByText('The current password is wrong.').waitFor();

    await mina.getByRole('link', { name: 'Back to the inbox' }).click();
    const box = mina.getByRole('textbox', { name: 'Reply' });
    await box.fill('First line');
    await box.press('Enter'); // a new line now, not a send
    await box.pressSequentially('second line');
    expect(await box.inputValue()).toBe('First line\nsecond line');
    await box.press('Control+Enter');
    await mina.getByRole('log', { name: 'Timeline' }).getByText(/First line\s+second line/).waitFor({ timeout: 5000 });
    expect(await box.inputValue()).toBe('');
    const agents = (await api('/agents')).body.agents as { email: string; name: string; initials: string }[];
    expect(agents.find((a) => a.email === MINA.email)).toMatchObject({ name: 'Mina Park', initials: 'MP' });

    // Admin renames themselves: the reminder goes, and Mina's composer names the new name at once
    await settingsNav(admin).getByRole('link', { name: 'Profile' }).click();
    await admin.getByRole('textbox', { name: 'Display name' }).fill('Hana Lee');
    await admin.getByRole('button', { name: 'Save profile' }).click();
    await admin.getByText('Signed in as Hana Lee').waitFor();
    await mina.getByRole('note').filter({ hasText: 'Only Hana Lee can reply to this ticket' }).waitFor({ timeout: 5000 });
    await admin.getByRole('link', { name: 'Back to the inbox' }).click();
    await admin.getByRole('list', { name: 'Conversations' }).waitFor();
    expect(await admin.getByRole('note').filter({ hasText: 'Customers see you as' }).count()).toBe(0);

    // Without a reload, the admin's open inbox is "Hana Lee" for everyone: the presence Mina sees, the "… is typing"
    // the customer sees, and the author of the next reply, in the customer's chat and in both inboxes.
    const typing = nextEvent<{ name: string; typing: boolean }>(visitor, 'agent.typing', (p) => p.typing, 5000);
    await admin.getByRole('list', { name: 'Conversations' }).getByRole('button', { name: /#1\b/ }).click();
    const onTicket = mina.getByRole('list', { name: 'Also on this ticket' });
    await onTicket.getByText('Hana Lee', { exact: true }).waitFor({ timeout: 5000 });
    const adminBox = admin.getByRole('textbox', { name: 'Reply' });
    await adminBox.fill('Yes: write the new address here and I will change it.');
    expect((await typing).name).toBe('Hana Lee');
    await mina.getByRole('status').filter({ hasText: 'Hana Lee is replying' }).waitFor({ timeout: 5000 });
    const delivered = nextEvent<{ message: { text: string; authorName: string | null } }>(visitor, 'message.created', (p) => p.message.text.startsWith('Yes: write'), 5000);
    await adminBox.press('Enter');
    expect((await delivered).message.authorName).toBe('Hana Lee');
    for (const page of [admin, mina]) {
      const reply = page.getByRole('log', { name: 'Timeline' }).getByRole('listitem').filter({ hasText: 'Yes: write the new address here' });
      await reply.waitFor({ timeout: 5000 });
      expect(await reply.locator('.msg-author').innerText()).toBe('Hana Lee');
    }
    expect(await onTicket.getByText('Admin', { exact: true }).count()).toBe(0);
  });

  it('a deactivated agent’s open inbox is signed out; the confirmation says their history stays', async () => {
    const jun = await open();
    await logIn(jun, JUN);
    await admin.getByRole('link', { name: 'Settings' }).click();
    await settingsNav(admin).getByRole('link', { name: 'Agents' }).click();
    await admin.getByRole('button', { name: 'Deactivate Jun Seo' }).click();
    const confirm = admin.getByRole('group', { name: 'Deactivate Jun Seo' });
    await confirm.getByText(/Their replies, notes and tickets stay as they are\./).waitFor();
    await confirm.getByRole('button', { name: 'Deactivate', exact: true }).click();
    await admin.getByRole('status').filter({ hasText: 'Jun Seo is deactivated. Their history stays.' }).waitFor();
    await jun.getByText('Your session has ended. Please log in again.').waitFor({ timeout: 5000 });
    await jun.getByRole('button', { name: 'Log in' }).waitFor();
    const row = admin.getByRole('table', { name: 'Agents of this desk' }).getByRole('row', { name: /Jun Seo/ }).first();
    await expect.poll(() => row.innerText()).toContain('Deactivated');
    await jun.context().close();

    // the last active admin cannot be demoted: the refusal is shown, in words of the inbox
    await admin.getByRole('button', { name: /^Edit Hana Lee/ }).click();
    const edit = admin.getByRole('form', { name: /^Edit Hana Lee/ });
    await edit.getByRole('combobox', { name: 'Role' }).selectOption('agent');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await edit.getByRole('alert').filter({ hasText: 'The desk needs at least one active admin' }).waitFor();
  });

  it('speaks Korean (the screenshots show Hangul: the machine has a Korean font, Nanum)', async () => {
    await admin.getByRole('button', { name: '한국어' }).click();
    await admin.getByRole('heading', { name: '상담원', exact: true }).waitFor();
    expect(await admin.getByRole('table', { name: '이 데스크의 상담원' }).innerText()).toContain('비활성');
    await admin.getByRole('button', { name: 'Jun Seo 다시 활성화' }).waitFor();
    await admin.screenshot({ path: DOCS('settings-agents-ko.png') });
    // At 1024 px a button beside a field keeps its Korean label on one line (생성 was two stacked syllables).
    const viewport = admin.viewportSize();
    await admin.setViewportSize({ width: 1024, height: 768 });
    const generate = await admin.getByRole('button', { name: '생성', exact: true }).boundingBox();
    const field = await admin.getByRole('textbox', { name: '비밀번호', exact: true }).boundingBox();
    expect(generate && field && generate.height <= field.height + 2).toBe(true);
    // Every cell of a row, the actions' too, is as tall as its row: the rows' lines run straight across.
    for (const row of await admin.getByRole('table', { name: '이 데스크의 상담원' }).locator('tbody tr').all()) {
      const cells = await row.locator('th, td').evaluateAll((els) => els.map((el) => Math.round(el.getBoundingClientRect().bottom)));
      expect(new Set(cells).size, `cell bottoms ${cells.join(', ')}`).toBe(1);
    }
    if (viewport) await admin.setViewportSize(viewport);

    await settingsNav(admin).getByRole('link', { name: '데스크' }).click();
    await admin.getByRole('textbox', { name: '인사말 (한국어)' }).waitFor();
    for (const text of ['채팅 위젯', '다른 상담원의 티켓에 답장하기', '담당자만 답장합니다', '새 티켓 배정', '신원 확인']) {
      expect(await admin.locator('main').innerText(), text).toContain(text);
    }
    await admin.setViewportSize({ width: 1280, height: 1500 });
    await admin.screenshot({ path: DOCS('settings-desk-ko.png') });
    await admin.setViewportSize({ width: 1280, height: 860 });

    await settingsNav(admin).getByRole('link', { name: '프로필' }).click();
    await admin.getByRole('heading', { name: '내 프로필' }).waitFor();
    await admin.getByRole('textbox', { name: '표시 이름' }).fill('');
    await admin.getByRole('button', { name: '프로필 저장' }).click();
    await admin.getByText('100자 이내로 이름을 입력하세요.').waitFor(); // the server's refusal, at its field, in Korean
    await admin.screenshot({ path: DOCS('settings-profile-ko.png') });
    await admin.getByRole('button', { name: 'English' }).click();
  });

  it('fits a tablet: no horizontal scrolling on the settings pages', async () => {
    await admin.setViewportSize({ width: 768, height: 1000 });
    for (const section of ['profile', 'agents', 'desk']) {
      await admin.goto(`${server.url}/inbox/#/settings/${section}`);
      await settingsNav(admin).waitFor();
      await admin.locator('main form, main table').first().waitFor();
      const overflow = await admin.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, section).toBeLessThanOrEqual(0);
    }
    await admin.screenshot({ path: '/tmp/parley-settings-tablet.png', fullPage: true });
  });

  it('raised no script errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
