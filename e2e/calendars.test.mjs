// Browser test of the dashboard's Calendars tab: add a busy-time source that cannot be read
// (its error is shown), sync it, make the bookings feed link (it serves iCalendar) and remove
// the source. Real release binary, Debian's headless Chromium; nothing leaves the machine.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Server, launchBrowser, newPage, seriousViolations } from './harness.mjs';

// Port 9 (discard) on loopback: nothing listens, so the read fails at once.
const UNREACHABLE = 'http://127.0.0.1:9/busy.ics';

let server;
let browser;

describe('Calendars tab', () => {
  before(async () => {
    server = await Server.start();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close().catch(() => {});
    await server?.stop();
  });

  test('a host adds an unreachable iCal address (error shown), syncs it, makes the feed link and removes the source', async () => {
    const host = { name: 'Cal Host', email: 'cal-host@example.com', password: 'cal-password-123' };
    const { context, page, errors } = await newPage(browser, { timezoneId: 'UTC', viewport: { width: 390, height: 844 } });
    try {
      await page.goto(`${server.base}/signup`);
      await page.getByLabel('Name', { exact: true }).fill(host.name);
      await page.getByLabel('Email', { exact: true }).fill(host.email);
      await page.getByLabel('Password', { exact: true }).fill(host.password);
      await page.getByRole('button', { name: 'Create account' }).click();
      await page.waitForURL(`${server.base}/dashboard`);

      await page.getByRole('tab', { name: 'Calendars' }).click();
      const panel = page.locator('#panel-calendars');
      await panel.getByText('No calendars yet.').waitFor();
      await panel.getByText('No feed link yet.').waitFor();

      // Kind stays "iCal address": the CalDAV fields are hidden.
      assert.equal(await page.getByLabel('Kind').inputValue(), 'ical');
      assert.equal(await page.getByLabel('App password').isVisible(), false);
      await page.getByLabel('URL', { exact: true }).fill(UNREACHABLE);
      await page.getByLabel('Name (optional)').fill('Work calendar');
      await page.getByRole('button', { name: 'Add calendar' }).click();
      const item = panel.locator('li.source', { hasText: 'Work calendar' });
      await item.waitFor();
      await item.getByText(UNREACHABLE).waitFor();
      await item.locator('.source-error').waitFor();
      assert.match(await item.locator('.source-error').textContent(), /Sync failed: .+/);
      assert.match(await item.textContent(), /Not synced yet/);
      assert.equal(await page.getByLabel('URL', { exact: true }).inputValue(), '', 'the form is reset');

      const { json: stored } = await server.api('GET', '/calendars', { cookie: await sessionCookie(context) });
      assert.equal(stored.items.length, 1);
      assert.ok(stored.items[0].last_error, 'the API reports the error too');

      // Sync now: read again, still failing, still listed.
      await page.getByRole('button', { name: 'Sync now: Work calendar' }).click();
      await panel.getByText(/“Work calendar” was read again, but it could not be read/).waitFor();
      await item.locator('.source-error').waitFor();
      assert.equal(await panel.locator('li.source').count(), 1);

      // An empty URL is refused at the field.
      await page.getByRole('button', { name: 'Add calendar' }).click();
      await page.locator('#cal-url-error').getByText('Please enter the calendar’s address.').waitFor();
      assert.equal(await page.getByLabel('URL', { exact: true }).getAttribute('aria-invalid'), 'true');

      // The feed link: shown once, serves iCalendar.
      await page.getByRole('button', { name: 'Create feed link' }).click();
      const feedUrl = await page.getByLabel('Feed link (https)').inputValue();
      assert.match(feedUrl, /\/api\/v1\/calendar\/[^/]+\.ics$/);
      const webcal = await page.getByLabel('Subscription link (webcal)').inputValue();
      assert.match(webcal, /^webcal:\/\/.+\.ics$/);
      await page.getByRole('button', { name: 'Copy link' }).waitFor();
      await page.getByText('Rotating the link again disables this one.', { exact: false }).waitFor();
      const res = await fetch(feedUrl);
      assert.equal(res.status, 200);
      assert.match(await res.text(), /^BEGIN:VCALENDAR/);
      await page.getByRole('button', { name: 'Rotate feed link' }).waitFor();

      assert.deepEqual(
        await seriousViolations(page, '#panel-calendars'),
        [],
        'axe: no serious or critical violation on the Calendars tab',
      );
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 390, `fits 390 px (scrollWidth ${width})`);

      await page.getByRole('button', { name: 'Done, hide the link' }).click();
      assert.equal(await page.getByLabel('Feed link (https)').count(), 0, 'shown only once');

      // Remove (after the confirm dialog): the list is empty again.
      await page.getByRole('button', { name: 'Remove Work calendar' }).click();
      await page.getByRole('dialog', { name: 'Remove calendar' }).getByRole('button', { name: 'Remove', exact: true }).click();
      await panel.getByText('The calendar “Work calendar” was removed.').waitFor();
      await panel.getByText('No calendars yet.').waitFor();
      const { json: left } = await server.api('GET', '/calendars', { cookie: await sessionCookie(context) });
      assert.deepEqual(left.items, []);
      assert.deepEqual(errors, [], 'no console errors');
    } finally {
      await context.close();
    }
  });
});

/** The browser's session cookie as `name=value`, for API checks in the host's name. */
async function sessionCookie(context) {
  const cookie = (await context.cookies()).find((c) => c.name === 'smartcal_session');
  assert.ok(cookie, 'the browser has a session');
  return `${cookie.name}=${cookie.value}`;
}
