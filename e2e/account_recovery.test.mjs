// Browser tests of getting back into an account and of a host's public page: "Forgot password?"
// on the login page leads to a form that answers the same for any address; the emailed link
// (read from the file mailer's outbox) opens a page that shows the password rule before the
// first try, sets the new password, ends the old sessions and leads to the login page with a
// message. A host's page at /book/{host} lists the bookable agendas as links to their booking
// pages. The pages run under their CSP; axe finds no serious or critical violations.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Server, WEEKDAYS, launchBrowser, newPage, seriousViolations } from './harness.mjs';

let server;
let browser;

const agenda = (title, slug, extra = {}) => ({
  title,
  slug,
  duration_minutes: 30,
  time_zone: 'UTC',
  min_notice_minutes: 0,
  availability: WEEKDAYS.map((weekday) => ({ weekday, start: '00:00', end: '24:00' })),
  ...extra,
});

describe('Account recovery and the host page', () => {
  before(async () => {
    server = await Server.start();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close().catch(() => {});
    await server?.stop();
  });

  test('a host who forgot the password resets it by email and logs in with the new one', async () => {
    const host = { name: 'Rae Reset', email: 'rae@example.com', password: 'old-password-123', time_zone: 'UTC' };
    const { cookie: old } = await server.signup(host);
    const { page, errors } = await newPage(browser, { timezoneId: 'UTC', viewport: { width: 390, height: 844 } });
    try {
      await page.goto(`${server.base}/login`);
      await page.getByRole('link', { name: 'Forgot password?' }).click();
      await page.waitForURL(`${server.base}/forgot-password`);
      await page.getByRole('heading', { name: 'Forgot your password?' }).waitFor();
      assert.deepEqual(await seriousViolations(page), [], 'axe: forgot password page');

      // An address without an account gets the same answer (and no email).
      await page.getByLabel('Email', { exact: true }).fill('nobody@example.com');
      await page.getByRole('button', { name: 'Send the link' }).click();
      const answer = page.getByRole('status').filter({ hasText: 'If an account exists' });
      await answer.waitFor();
      const unknownText = await answer.textContent();
      await page.getByRole('button', { name: 'Send another link' }).click();
      await page.getByLabel('Email', { exact: true }).fill(host.email);
      await page.getByRole('button', { name: 'Send the link' }).click();
      await answer.waitFor();
      assert.equal(await answer.textContent(), unknownText, 'the same answer either way');

      const [link] = await server.waitForEmail(/http:\/\/127\.0\.0\.1:\d+\/reset-password\?token=[A-Za-z0-9_-]+/);
      assert.ok(link.startsWith(`${server.base}/reset-password?token=`), link);
      assert.equal(server.emails().length, 1, 'one email: to the account only');

      await page.goto(link);
      await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
      // The rule is on screen before any failure.
      const field = page.getByLabel('New password (at least 8 characters)');
      await field.waitFor();
      assert.deepEqual(await seriousViolations(page), [], 'axe: reset password page');
      await field.fill('short');
      await page.getByRole('button', { name: 'Set the new password' }).click();
      await page.locator('#reset-password-error').getByText('at least 8 characters').waitFor();
      assert.equal(await field.getAttribute('aria-invalid'), 'true');

      await field.fill('new-password-456');
      await page.getByRole('button', { name: 'Set the new password' }).click();
      await page.waitForURL(`${server.base}/login?reset=done`);
      await page.getByRole('status').filter({ hasText: 'Your new password is set' }).waitFor();
      await server.api('GET', '/me', { cookie: old, expect: [401] });

      // The link works once.
      await server.api('POST', '/auth/password-reset/confirm', {
        body: { token: new URL(link).searchParams.get('token'), password: 'third-password-789' },
        expect: [410],
      });

      await page.getByLabel('Email', { exact: true }).fill(host.email);
      await page.getByLabel('Password', { exact: true }).fill('new-password-456');
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.waitForURL(`${server.base}/dashboard`);
      assert.deepEqual(errors, [], 'no console errors');
    } finally {
      await page.context().close();
    }
  });

  test('a host page lists the bookable agendas as links to their booking pages', async () => {
    const { host, cookie } = await server.signup({
      name: 'Pat Public',
      email: 'pat@example.com',
      password: 'pat-password-123',
      time_zone: 'UTC',
      slug: 'pat-public',
    });
    await server.api('POST', '/agendas', {
      cookie,
      body: agenda('Intro call', 'intro', { description: 'Fifteen minutes to get to know each other.' }),
    });
    await server.api('POST', '/agendas', { cookie, body: agenda('Deep dive', 'deep-dive', { duration_minutes: 90 }) });
    await server.api('POST', '/agendas', { cookie, body: agenda('Board only', 'board', { listed: false }) });

    const { page, errors } = await newPage(browser, { timezoneId: 'UTC', viewport: { width: 390, height: 844 } });
    try {
      await page.goto(`${server.base}/book/${host.slug}`);
      await page.getByRole('heading', { level: 1, name: 'Book a meeting with Pat Public' }).waitFor();
      const items = page.getByRole('list').getByRole('listitem');
      assert.equal(await items.count(), 2, 'the unlisted agenda is not shown');
      const deep = page.getByRole('link', { name: 'Deep dive' });
      assert.equal(await deep.getAttribute('href'), '/book/pat-public/deep-dive');
      await page.getByText('90 minutes').waitFor();
      await page.getByText('Fifteen minutes to get to know each other.').waitFor();
      assert.equal(await page.getByText('Board only').count(), 0);
      assert.deepEqual(await seriousViolations(page), [], 'axe: host page');
      // Nothing overflows a phone's width.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
      assert.equal(overflow, false, 'no horizontal scrolling on a phone');

      await page.getByRole('link', { name: 'Intro call' }).click();
      await page.waitForURL(`${server.base}/book/pat-public/intro`);
      await page.getByRole('heading', { name: 'Intro call' }).waitFor();

      await page.goto(`${server.base}/book/no-such-host`);
      await page.getByRole('heading', { name: 'Unknown page' }).waitFor();
      // The unknown host's 404 is logged by the browser as a failed load; nothing else may be.
      const unexpected = errors.filter((e) => !e.includes('status of 404'));
      assert.deepEqual(unexpected, [], 'no other console errors');
    } finally {
      await page.context().close();
    }
  });
});
