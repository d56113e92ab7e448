// Browser tests of SPEC §11's join window: with Jitsi token auth, a join link opened outside
// [start − JITSI_EARLY_JOIN_MINUTES, end + 60 min] mints no token and leads to /join/{id},
// which says when the room opens in the visitor's zone; inside the window that page offers
// Join now; a cancelled meeting says so.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { JITSI, Server, WEEKDAYS, launchBrowser, newPage, seriousViolations } from './harness.mjs';

const HOST = { email: 'j-host@example.com', name: 'Jo Host', password: 'j-password-123', time_zone: 'UTC' };
const EARLY_MINUTES = 60;
const ZONE = 'Australia/Adelaide'; // +09:30/+10:30: its clock differs from UTC's in the minutes too

let server;
let cookie;
let agenda; // every day, all day, no notice
let browser;
let slots = []; // free slot starts (UTC), soonest first

async function assertAccessible(page, what) {
  assert.deepEqual(await seriousViolations(page), [], `axe: no serious or critical violation on ${what}`);
}

/** Books `start` through the API as a guest; returns the booking with its manage token. */
async function book(start, guest) {
  const { json } = await server.api('POST', '/bookings', {
    headers: { 'Idempotency-Key': `join-${guest.email}` },
    body: {
      agenda_id: agenda.id,
      start,
      guest_name: guest.name,
      guest_email: guest.email,
      guest_time_zone: 'UTC',
      answers: {},
    },
  });
  assert.equal(json.status, 'confirmed');
  assert.ok(json.manage_token, 'the guest gets a manage token');
  return json;
}

/** Text with every run of white space (ICU puts U+202F before AM/PM) as one plain space. */
const squash = (text) => text.replace(/\s+/g, ' ').trim();

describe('the join page in a browser', () => {
  before(async () => {
    server = await Server.start({
      env: {
        JITSI_JWT_APP_ID: 'smartcal',
        JITSI_JWT_SECRET: 'e2e-join-secret-0123456789',
        JITSI_EARLY_JOIN_MINUTES: String(EARLY_MINUTES),
      },
    });
    ({ cookie } = await server.signup(HOST));
    ({ json: agenda } = await server.api('POST', '/agendas', {
      cookie,
      body: {
        title: 'Strategy call',
        slug: 'strategy',
        duration_minutes: 30,
        time_zone: 'UTC',
        min_notice_minutes: 0,
        availability: WEEKDAYS.map((weekday) => ({ weekday, start: '00:00', end: '24:00' })),
      },
    }));
    const from = new Date().toISOString().slice(0, 10);
    const to = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10);
    const { json } = await server.api('GET', `/agendas/${agenda.id}/slots?from=${from}&to=${to}&time_zone=UTC`);
    slots = json.slots.map((s) => s.start);
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close().catch(() => {});
    await server?.stop();
  });

  test('the guest’s join link days ahead leads to the page saying when the room opens, in local time', async () => {
    const start = slots.find((s) => Date.parse(s) > Date.now() + 2 * 86_400_000);
    const booking = await book(start, { name: 'Gil Guest', email: 'gil@example.com' });
    assert.equal(Date.parse(booking.join_opens_at), Date.parse(start) - EARLY_MINUTES * 60_000);
    const link = `${server.base}/j/${booking.id}?token=${encodeURIComponent(booking.manage_token)}`;
    assert.ok(booking.join_url.endsWith(`/j/${booking.id}?token=${booking.manage_token}`), booking.join_url);

    const { context, page, jitsi, errors } = await newPage(browser, { timezoneId: ZONE });
    try {
      await page.goto(link);
      await page.waitForURL((url) => url.pathname === `/join/${booking.id}`);
      assert.equal(new URL(page.url()).searchParams.get('token'), booking.manage_token, 'the token goes along');
      const heading = page.getByRole('heading', { level: 2, name: /^The room opens at / });
      await heading.waitFor();

      // The time is the browser's own formatting of join_opens_at in its zone, zone named.
      const expected = await page.evaluate(
        (iso) =>
          new Intl.DateTimeFormat(undefined, {
            weekday: 'short',
            day: 'numeric',
            month: 'short',
            hour: '2-digit',
            minute: '2-digit',
            timeZoneName: 'short',
          }).format(new Date(iso)),
        booking.join_opens_at,
      );
      assert.equal(squash(await heading.textContent()), squash(`The room opens at ${expected}`));
      const clock = new Intl.DateTimeFormat('en-US', { hour: '2-digit', minute: '2-digit', timeZone: ZONE }).format(
        new Date(booking.join_opens_at),
      );
      assert.ok(squash(expected).includes(squash(clock)), `${expected} is ${ZONE} time (${clock})`);
      assert.equal(
        Date.parse(await heading.locator('time').getAttribute('datetime')),
        Date.parse(booking.join_opens_at),
      );
      await page.getByText(`Times are in your time zone, ${ZONE}.`).waitFor();
      await page.getByText('Strategy call').waitFor();
      await page.getByText(HOST.name).waitFor();
      await page.getByText('Gil Guest').waitFor();
      assert.equal(await page.getByRole('link', { name: 'Join now' }).count(), 0, 'no Join now before the window');
      assert.equal(await page.locator('html').getAttribute('lang'), 'en-US', 'the page speaks the browser’s language, with its region');
      await assertAccessible(page, 'the join page before the window');
      assert.deepEqual(jitsi, [], 'the room was not opened');
      assert.deepEqual(errors, [], 'no console errors');
    } finally {
      await context.close();
    }
  });

  test('the host’s join link (session) leads to the same page without a token', async () => {
    const start = slots.findLast((s) => Date.parse(s) > Date.now() + 2 * 86_400_000);
    const booking = await book(start, { name: 'Hal Guest', email: 'hal@example.com' });

    const { context, page, jitsi, errors } = await newPage(browser, { timezoneId: 'America/New_York' });
    try {
      const [name, value] = cookie.split('=');
      await context.addCookies([{ name, value, url: server.base }]);
      await page.goto(`${server.base}/j/${booking.id}`);
      await page.waitForURL((url) => url.pathname === `/join/${booking.id}` && url.search === '');
      await page.getByRole('heading', { level: 2, name: /^The room opens at / }).waitFor();
      await page.getByText('Times are in your time zone, America/New_York.').waitFor();
      await page.getByRole('link', { name: 'Your dashboard' }).waitFor();
      await assertAccessible(page, 'the host’s join page');
      assert.deepEqual(jitsi, []);
      assert.deepEqual(errors, [], 'no console errors');
    } finally {
      await context.close();
    }
  });

  test('inside the window the page offers Join now, which enters the room with a token', async () => {
    const booking = await book(slots[0], { name: 'Ned Now', email: 'ned@example.com' });
    assert.ok(Date.parse(booking.join_opens_at) <= Date.now(), 'the soonest slot is inside the window');

    const { context, page, jitsi, errors } = await newPage(browser, { timezoneId: ZONE });
    try {
      await page.goto(`${server.base}/join/${booking.id}?token=${encodeURIComponent(booking.manage_token)}`);
      await page.getByRole('heading', { level: 2, name: 'The room is open' }).waitFor();
      const join = page.getByRole('link', { name: 'Join now' });
      assert.equal(await join.getAttribute('href'), booking.join_url);
      await assertAccessible(page, 'the join page inside the window');
      await join.click();
      await page.waitForURL((url) => url.origin === JITSI);
      assert.equal(jitsi.length, 1);
      assert.match(jitsi[0], /\?jwt=[\w-]+\.[\w-]+\.[\w-]+$/, 'the room is entered with a minted token');
      assert.deepEqual(errors, [], 'no console errors');
    } finally {
      await context.close();
    }
  });

  test('a cancelled meeting says so', async () => {
    const booking = await book(slots[1], { name: 'Cal Cancel', email: 'cal@example.com' });
    const token = encodeURIComponent(booking.manage_token);
    await server.api('POST', `/bookings/${booking.id}/cancel?token=${token}`, { body: {} });

    const { context, page, errors } = await newPage(browser, { timezoneId: 'UTC' });
    try {
      await page.goto(`${server.base}/join/${booking.id}?token=${token}`);
      await page.getByRole('heading', { level: 2, name: 'This meeting was cancelled' }).waitFor();
      assert.equal(await page.getByRole('link', { name: 'Join now' }).count(), 0);
      await assertAccessible(page, 'the join page of a cancelled meeting');

      await page.goto(`${server.base}/join/${booking.id}?token=wrong`);
      await page.getByRole('alert').filter({ hasText: 'Meeting not found or the link is invalid' }).waitFor();
      assert.deepEqual(
        errors.filter((e) => !/40[134]/.test(e)),
        [],
        'no console errors but the refused load',
      );
    } finally {
      await context.close();
    }
  });
});
