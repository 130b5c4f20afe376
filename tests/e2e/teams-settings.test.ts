import type { Browser, Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, logInToInbox } from '../support/browser.ts';
import { call, clientMsgId, connect, json, loginAgent, newVisitorToken } from '../support/clients.ts';
import { ADMIN, removeDir, startServerUnderTest, type ServerUnderTest } from '../support/parley.ts';

/**
 * An admin makes a team in Settings → Teams, with a member; the team is then a choice on every ticket, and a team's
 * ticket is offered only to its members.
 */
describe('teams in the settings (Chromium)', () => {
  let server: ServerUnderTest;
  let browser: Browser;
  let page: Page;
  let visitor: Socket;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    server = await startServerUnderTest();
    const cookie = await loginAgent(server.url, ADMIN);
    const created = await json(`${server.url}/api/v1/agents`, {
      method: 'POST',
      headers: { cookie, 'x-parley-csrf': '1' },
      body: JSON.stringify({ name: 'Jun Seo', email: 'jun@teams.test', password: 'jun password 1' }),
    });
    expect(created.status).toBe(201);
    visitor = await connect(server.url, '/visitor', { token: await newVisitorToken(server.url) });
    await call(visitor, 'visitor:message', { clientMsgId: clientMsgId(), text: 'I was charged twice' });
    browser = await launchBrowser();
    page = await (await browser.newContext({ locale: 'en-US' })).newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await logInToInbox(page, server.url, ADMIN);
    await page.getByRole('list', { name: 'Conversations' }).waitFor();
  });
  afterAll(async () => {
    visitor?.close();
    await browser?.close();
    await server?.stop();
    if (server) await removeDir(server.dataDir);
  });

  it('creates a team with a member, refuses a second one of the same name, and renames it', async () => {
    await page.goto(`${server.url}/inbox/#/settings/teams`);
    const add = page.getByRole('form', { name: 'Add a team' });
    await add.getByLabel('Team name').fill('Billing');
    await add.getByLabel('Jun Seo').check();
    await add.getByRole('button', { name: 'Create team' }).click();
    const list = page.locator('.teams-list');
    await list.getByText('Billing', { exact: true }).waitFor({ timeout: 5000 });
    await list.getByText('Jun Seo').waitFor();
    await add.getByLabel('Team name').fill('Billing');
    await add.getByRole('button', { name: 'Create team' }).click();
    await add.getByText('A team of that name exists already').waitFor({ timeout: 5000 });
    await page.getByRole('button', { name: 'Change Billing' }).click();
    const edit = page.getByRole('form', { name: 'Change the team Billing' });
    await edit.getByLabel('Team name').fill('Billing & refunds');
    await edit.getByRole('button', { name: 'Save team' }).click();
    await list.getByText('Billing & refunds', { exact: true }).waitFor({ timeout: 5000 });
    await page.screenshot({ path: process.env.PARLEY_DOCS_SCREENSHOT ? 'docs/settings-teams.png' : '/tmp/parley-settings-teams.png' });
  });

  it('offers the team on a ticket and records the move in the timeline', async () => {
    await page.getByRole('link', { name: 'Back to the inbox' }).click();
    await page.getByRole('list', { name: 'Conversations' }).getByRole('button', { name: /#1\b/ }).click();
    await page.getByRole('log', { name: 'Timeline' }).getByText('I was charged twice').waitFor();
    await page.getByRole('main').getByLabel('Team').selectOption({ label: 'Billing & refunds' });
    await page.getByRole('log', { name: 'Timeline' }).locator('.msg-activity').filter({ hasText: 'You moved this to Billing & refunds' }).waitFor({ timeout: 5000 });
    // A team's ticket goes to one of its members: the Assignee select offers Jun, not the admin, who is not in the team.
    const assignees = () => page.getByRole('main').getByLabel('Assignee', { exact: true }).locator('option').allInnerTexts();
    await expect.poll(assignees, { timeout: 5000 }).toEqual(['Unassigned', 'Jun Seo']);
    expect(pageErrors).toEqual([]);
  });
});
