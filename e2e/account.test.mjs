// Browser test of the dashboard's Account tab: a wrong current password is shown at its field;
// changing the password logs every other session out and keeps this one; "Log out everywhere
// else" does the same without a new password. The pages run under their CSP (no inline
// scripts): a violation would show as a console error.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Server, launchBrowser, newPage, seriousViolations } from './harness.mjs';

let server;
let browser;

describe('Account tab', () => {
  before(async () => {
    server = await Server.start();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close().catch(() => {});
    await server?.stop();
  });

  test('a host changes the password: other sessions end, this one stays', async () => {
    const host = { name: 'Acct Host', email: 'acct@example.com', password: 'acct-password-123', time_zone: 'UTC' };
    const { cookie: other } = await server.signup(host);
    const { page, errors } = await newPage(browser, { timezoneId: 'UTC' });
    try {
      const res = await page.goto(`${server.base}/login`);
      assert.match(res.headers()['content-security-policy'], /script-src 'self' 'wasm-unsafe-eval' 'sha256-/);
      await page.getByLabel('Email', { exact: true }).fill(host.email);
      await page.getByLabel('Password', { exact: true }).fill(host.password);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.waitForURL(`${server.base}/dashboard`);
      await page.getByRole('tab', { name: 'Account' }).click();
      const panel = page.locator('#panel-account');

      await page.getByLabel('Current password').fill('not my password');
      await page.getByLabel('New password (at least 8 characters)').fill('a brand new passphrase');
      await panel.getByRole('button', { name: 'Change password' }).click();
      await page.locator('#current-password-error').getByText('is not this account').waitFor();
      assert.equal(await page.getByLabel('Current password').getAttribute('aria-invalid'), 'true');
      await server.api('GET', '/me', { cookie: other }); // nothing changed yet

      await page.getByLabel('Current password').fill(host.password);
      await panel.getByRole('button', { name: 'Change password' }).click();
      await panel.getByText('Password changed. Every other session was logged out.').waitFor();
      await server.api('GET', '/me', { cookie: other, expect: [401] });
      await page.reload();
      await page.getByRole('tab', { name: 'Account' }).waitFor(); // still logged in here

      const { cookie: third } = await server.api('POST', '/auth/login', {
        body: { email: host.email, password: 'a brand new passphrase' },
      }).then(({ res }) => ({
        cookie: res.headers.getSetCookie().find((c) => c.startsWith('smartcal_session=')).split(';')[0],
      }));
      await page.getByRole('tab', { name: 'Account' }).click();
      await panel.getByRole('button', { name: 'Log out everywhere else' }).click();
      await panel.getByText('Every other session was logged out; this one stays.').waitFor();
      await server.api('GET', '/me', { cookie: third, expect: [401] });

      assert.deepEqual(await seriousViolations(page, '#panel-account'), [], 'axe: Account tab');
      // The wrong password's 422 is logged by the browser as a failed load; nothing else may be
      // (a CSP violation would be).
      const unexpected = errors.filter((e) => !e.includes('status of 422'));
      assert.deepEqual(unexpected, [], 'no other console errors');
    } finally {
      await page.context().close();
    }
  });
});
