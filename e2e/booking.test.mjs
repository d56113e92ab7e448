// Browser end-to-end tests of the SmartCal SPA: the real release binary, real headless Chromium
// (Debian's /usr/bin/chromium driven by playwright-core), nothing leaves the machine.
// Run by `cargo xtask test` (or `npm test` here after `cargo build --release -p smartcal-server`).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Server,
  UI_TIMEOUT,
  WEEKDAYS,
  awayFromSlotBoundary,
  bookFirstTime,
  launchBrowser,
  newPage,
  seriousViolations,
  timeButtons,
} from './harness.mjs';

const HOST = { email: 'e2e-host@example.com', name: 'E2E Host', password: 'e2e-password-123', time_zone: 'UTC' };

let server;
let cookie; // the seeded host's session cookie, `name=value`
let hostSlug;
let agenda; // the seeded agenda: every day, all day, 30 minutes, no notice
let browser;

function isoDate(d) {
  return d.toISOString().slice(0, 10);
}

/** Free slots (UTC) of an agenda over the next days. */
async function freeSlots(agendaId = agenda.id) {
  const now = new Date();
  const from = isoDate(new Date(now.getTime() - 86_400_000));
  const to = isoDate(new Date(now.getTime() + 7 * 86_400_000));
  const { json } = await server.api('GET', `/agendas/${agendaId}/slots?from=${from}&to=${to}&time_zone=UTC`);
  return json.slots;
}

function bookingUrl(slug = agenda.slug) {
  return `${server.base}/book/${hostSlug}/${slug}`;
}

/** Fails with the list when the page logged console errors or threw. */
function assertNoConsoleErrors(errors) {
  assert.deepEqual(errors, [], 'no console errors');
}

async function assertAccessible(page, what) {
  const violations = await seriousViolations(page);
  assert.deepEqual(violations, [], `axe: no serious or critical violation on ${what}`);
}

describe('SmartCal in a browser', () => {
  before(async () => {
    server = await Server.start();
    let host;
    ({ host, cookie } = await server.signup(HOST));
    hostSlug = host.slug;
    ({ json: agenda } = await server.api('POST', '/agendas', {
      cookie,
      body: {
        title: 'E2E intro call',
        slug: 'e2e-intro',
        description: 'A short call to get to know each other.',
        duration_minutes: 30,
        time_zone: 'UTC',
        min_notice_minutes: 0,
        availability: WEEKDAYS.map((weekday) => ({ weekday, start: '00:00', end: '24:00' })),
      },
    }));
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close().catch(() => {});
    await server?.stop();
  });

  test('a guest books the first free time, gets a Jitsi link, and the time is then gone', async () => {
    await awayFromSlotBoundary();
    // en-GB: a 24-hour locale, so the page's times read HH:MM like the API's (en-US reads 9:00 AM).
    const { context, page, errors } = await newPage(browser, { timezoneId: 'UTC', locale: 'en-GB' });
    try {
      await page.goto(bookingUrl());
      await page.getByRole('heading', { level: 1, name: agenda.title }).waitFor();
      await page.getByRole('heading', { name: 'Available times' }).waitFor();
      // The month calendar marks the chosen (first free) day; its times are in the list.
      await page.locator('.calendar td[aria-selected="true"] button.day.free').waitFor();
      const booked = await bookFirstTime(page, {
        name: 'Grace Guest',
        email: 'grace@example.com',
        notes: 'Booked by the e2e test',
      });
      assert.match(booked.hm, /^\d\d:\d\d$/);
      assert.match(booked.meetingUrl, /^https:\/\/meet\.jit\.si\/smartcal-[0-9a-f-]+-\d+-[a-z0-9]{10}$/);
      await page.getByRole('link', { name: 'Add to calendar' }).waitFor();
      assert.match(booked.manageUrl, /\/booking\/[0-9a-f-]+\?token=/);

      const { json: list } = await server.api('GET', '/bookings?scope=all', { cookie });
      const booking = list.items.find((b) => b.guest_email === 'grace@example.com');
      assert.ok(booking, 'the booking is stored');
      assert.equal(booking.meeting_url, booked.meetingUrl);
      assert.equal(booking.start.slice(11, 16), booked.hm, 'the booked time is the one clicked (UTC page)');
      const starts = (await freeSlots()).map((s) => Date.parse(s.start));
      assert.ok(!starts.includes(Date.parse(booking.start)), 'the API no longer offers the slot');

      // A new visit no longer offers the booked time: the page opens on the same first free day
      // without it, or — when it was that day's last free time (late in the UTC day) — on the
      // next day with a free time.
      await page.goto(bookingUrl());
      await timeButtons(page).first().waitFor();
      const shownDay = (await page.locator('section.times .times-day').textContent()).trim();
      const bookedDate = booking.start.slice(0, 10);
      const dayStillFree = starts.some((s) => new Date(s).toISOString().slice(0, 10) === bookedDate);
      if (dayStillFree) {
        assert.equal(shownDay, booked.day, 'the same first free day is shown');
        const times = (await timeButtons(page).allTextContents()).map((t) => t.trim());
        assert.ok(!times.includes(booked.hm), `${booked.hm} is no longer offered (${times.join(' ')})`);
      } else {
        assert.notEqual(shownDay, booked.day, 'the booked day has no free time left, so the next one is shown');
      }
      assertNoConsoleErrors(errors);
    } finally {
      await context.close();
    }
  });

  test('the host logs in and the Start Meeting link opens the booking’s room', async () => {
    // A booking of its own, well ahead, so this test does not depend on the one above.
    const slot = (await freeSlots())[6];
    const { json: created } = await server.api('POST', '/bookings', {
      headers: { 'Idempotency-Key': `e2e-${Date.now()}` },
      body: {
        agenda_id: agenda.id,
        start: slot.start,
        guest_name: 'Henry Host-Test',
        guest_email: 'henry@example.com',
        guest_time_zone: 'UTC',
      },
    });

    const { context, page, errors } = await newPage(browser, { timezoneId: 'UTC' });
    try {
      await page.goto(`${server.base}/login`);
      await page.getByLabel('Email', { exact: true }).fill(HOST.email);
      await page.getByLabel('Password', { exact: true }).fill(HOST.password);
      await page.getByRole('button', { name: 'Log in', exact: true }).click();
      await page.waitForURL(`${server.base}/dashboard`);
      await page.getByRole('tab', { name: 'Upcoming Meetings', selected: true }).waitFor();

      const start = page.getByRole('link', { name: 'Start Meeting with Henry Host-Test' });
      await start.waitFor();
      assert.equal(await start.getAttribute('href'), created.meeting_url);
      assert.equal(await start.getAttribute('target'), '_blank');
      assert.ok((await start.getAttribute('rel')).split(/\s+/).includes('noopener'));
      assertNoConsoleErrors(errors);
    } finally {
      await context.close();
    }
  });

  test('a host signs up, creates an agenda in the editor, starts the booked meeting; the guest cancels', async () => {
    const host = { name: 'Hedy Host', email: 'hedy@example.com', password: 'hedy-password-123' };
    const hostSide = await newPage(browser, { timezoneId: 'UTC' });
    const guestSide = await newPage(browser, { timezoneId: 'Europe/Berlin' });
    const { page } = hostSide;
    try {
      // Sign up in the SPA.
      await page.goto(`${server.base}/signup`);
      await page.getByLabel('Name', { exact: true }).fill(host.name);
      await page.getByLabel('Email', { exact: true }).fill(host.email);
      await page.getByLabel('Password', { exact: true }).fill(host.password);
      assert.equal(await page.getByLabel('Time zone', { exact: true }).inputValue(), 'UTC');
      await page.getByRole('button', { name: 'Create account' }).click();
      await page.waitForURL(`${server.base}/dashboard`);
      await page.getByText('No upcoming meetings.').waitFor();

      // Create an agenda in the editor: every day, all day, no notice.
      await page.getByRole('tab', { name: 'Agendas' }).click();
      await page.getByText('No agendas yet.', { exact: false }).waitFor();
      await page.getByRole('button', { name: 'New agenda' }).click();
      await page.getByRole('heading', { name: 'New agenda' }).waitFor();
      await page.getByLabel('Title', { exact: true }).fill('Hedy’s office hours');
      await page.getByLabel('Duration (minutes)').fill('30');
      for (const day of ['Saturday', 'Sunday']) {
        await page.getByRole('button', { name: `Add hours on ${day}` }).click();
      }
      for (const day of ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']) {
        await page.getByLabel(`${day}: from`).fill('00:00');
        await page.getByLabel(`${day}: until`).fill('00:00');
      }
      await page.getByRole('button', { name: 'Add a date override' }).click();
      await page.getByLabel('Date', { exact: true }).fill(isoDate(new Date(Date.now() + 40 * 86_400_000)));
      await page.getByLabel('Minimum notice (minutes)').fill('0');
      assert.deepEqual(await seriousViolations(page), [], 'axe: the agenda editor');
      await page.getByRole('button', { name: 'Create agenda' }).click();
      await page.getByRole('status').filter({ hasText: 'was created' }).waitFor();
      const link = page.getByRole('link', { name: /\/book\// });
      const bookingPath = new URL(await link.getAttribute('href')).pathname;
      const { json: agendas } = await server.api('GET', '/agendas', {
        cookie: (await hostSide.context.cookies()).map((c) => `${c.name}=${c.value}`).join('; '),
      });
      const made = agendas.items.find((a) => a.title === 'Hedy’s office hours');
      assert.ok(made, 'the agenda is stored');
      assert.equal(made.booking_path, bookingPath);
      assert.equal(made.min_notice_minutes, 0);
      assert.equal(made.availability.length, 7);
      assert.ok(made.availability.every((a) => a.start === '00:00' && a.end === '24:00'));
      assert.equal(made.date_overrides.length, 1, 'the day off is stored');
      assert.deepEqual(made.date_overrides[0].intervals, []);

      // A guest books it.
      await awayFromSlotBoundary();
      await guestSide.page.goto(`${server.base}${bookingPath}`);
      const booked = await bookFirstTime(guestSide.page, { name: 'Gina Guest', email: 'gina@example.com' });

      // The host sees it under Upcoming Meetings; Start Meeting opens exactly its room.
      await page.getByRole('tab', { name: 'Upcoming Meetings' }).click();
      const start = page.getByRole('link', { name: 'Start Meeting with Gina Guest' });
      await start.waitFor();
      const [room] = await Promise.all([hostSide.context.waitForEvent('page'), start.click()]);
      await room.waitForLoadState();
      assert.equal(room.url(), booked.meetingUrl, 'the new tab shows the booking’s meeting link');
      const asked = hostSide.jitsi.filter((u) => !u.endsWith('/favicon.ico'));
      assert.deepEqual(asked, [booked.meetingUrl], 'only that room was asked for');
      assert.equal(await room.evaluate(() => window.opener), null, 'opened with noopener');
      await room.close();

      // The guest cancels from the manage page.
      await guestSide.page.goto(booked.manageUrl);
      await guestSide.page.getByRole('button', { name: 'Cancel booking' }).click();
      await guestSide.page.getByLabel('Reason (optional)').fill('Something came up');
      await guestSide.page.getByRole('button', { name: 'Yes, cancel booking' }).click();
      await guestSide.page.getByText('This booking is cancelled').waitFor();

      // The booking leaves Upcoming Meetings (reloaded when the tab is opened again).
      await page.getByRole('tab', { name: 'Past' }).click();
      await page.getByRole('tab', { name: 'Upcoming Meetings' }).click();
      await page.getByText('No upcoming meetings.').waitFor();
      assert.equal(await page.getByRole('link', { name: 'Start Meeting with Gina Guest' }).count(), 0);
      assertNoConsoleErrors(hostSide.errors);
      assertNoConsoleErrors(guestSide.errors);
    } finally {
      await hostSide.context.close();
      await guestSide.context.close();
    }
  });

  test('switching the time zone shows the times in the new zone', async () => {
    // en-GB: a 24-hour locale, so the page's times read HH:MM like the API's (en-US reads 9:00 AM).
    const { context, page, errors } = await newPage(browser, { timezoneId: 'America/New_York', locale: 'en-GB' });
    try {
      await page.goto(bookingUrl());
      const zone = page.getByLabel('Time zone', { exact: true });
      await zone.waitFor();
      assert.equal(await zone.inputValue(), 'America/New_York');
      const first = timeButtons(page).first();
      await first.waitFor();
      const before = (await first.textContent()).trim();
      assert.match(before, /^\d\d:\d\d$/);

      // The field searches the browser's zones (a datalist); an unknown name is refused.
      await zone.fill('Mars/Olympus');
      await zone.press('Enter');
      await page.getByText('Unknown time zone').waitFor();
      await zone.fill('Asia/Tokyo');
      await zone.press('Enter');
      // New York and Tokyo are 13–14 h apart: the first time shown must change.
      await page.waitForFunction(
        (old) => {
          const b = document.querySelector('section.times button.slot');
          return b && b.textContent.trim() !== old;
        },
        before,
        { timeout: UI_TIMEOUT },
      );
      const afterHm = (await first.textContent()).trim();
      assert.match(afterHm, /^\d\d:\d\d$/);
      assert.notEqual(afterHm, before);
      assert.equal(await zone.inputValue(), 'Asia/Tokyo');
      assert.equal(await page.getByText('Unknown time zone').count(), 0);
      assertNoConsoleErrors(errors);
    } finally {
      await context.close();
    }
  });

  test('a month without free times offers the next available day; an unknown agenda says so', async () => {
    // Free only on one date about seven weeks ahead: this month has nothing.
    const date = isoDate(new Date(Date.now() + 50 * 86_400_000));
    const { json: rare } = await server.api('POST', '/agendas', {
      cookie,
      body: {
        title: 'Rare slot',
        slug: 'rare',
        duration_minutes: 60,
        time_zone: 'UTC',
        min_notice_minutes: 0,
        horizon_days: 120,
        availability: [],
        date_overrides: [{ date, intervals: [{ start: '10:00', end: '12:00' }] }],
      },
    });
    // en-GB: a 24-hour locale, so the page's times read HH:MM like the API's (en-US reads 9:00 AM).
    const { context, page, errors } = await newPage(browser, { timezoneId: 'UTC', locale: 'en-GB' });
    try {
      await page.goto(bookingUrl(rare.slug));
      await page.getByText(/^No free times in /).waitFor();
      const next = page.getByRole('button', { name: /^Next available: / });
      await next.waitFor();
      await next.click();
      await timeButtons(page).first().waitFor();
      assert.deepEqual((await timeButtons(page).allTextContents()).map((t) => t.trim()), ['10:00', '11:00']);
      const selected = page.locator('.calendar td[aria-selected="true"] button');
      assert.equal(await selected.getAttribute('id'), `book-day-${date}`);

      // Keyboard: the chosen day holds the grid's tab stop; arrows move it, Enter chooses.
      await selected.focus();
      await page.keyboard.press('ArrowLeft');
      const dayBefore = isoDate(new Date(Date.parse(date) - 86_400_000));
      await page.waitForFunction((id) => document.activeElement?.id === id, `book-day-${dayBefore}`);
      await page.keyboard.press('Enter');
      await page.getByText(/^No free times on /).waitFor();
      await page.getByRole('button', { name: /^Next available: / }).click();
      await timeButtons(page).first().waitFor();
      assert.equal(await page.locator('.calendar td[aria-selected="true"] button').getAttribute('id'), `book-day-${date}`);

      await page.goto(`${server.base}/book/${hostSlug}/no-such-agenda`);
      await page.getByRole('heading', { level: 1, name: 'Unknown agenda' }).waitFor();
      // The 404 of the lookup is logged by the browser itself; nothing else may be.
      assertNoConsoleErrors(errors.filter((e) => !/404/.test(e)));
    } finally {
      await context.close();
    }
  });

  test('the host creates an API key (shown once), sees it listed and revokes it', async () => {
    const { context, page, errors } = await newPage(browser, { timezoneId: 'UTC' });
    try {
      const [name, value] = cookie.split('=');
      await context.addCookies([{ name, value, url: server.base }]);
      await page.goto(`${server.base}/dashboard`);
      await page.getByRole('tab', { name: 'API keys' }).click();
      await page.getByLabel('Key name').fill('CRM sync');
      await page.getByRole('button', { name: 'Create key' }).click();
      const key = await page.getByLabel('The new API key').inputValue();
      assert.ok(key.length > 20, 'the key is shown');
      await page.getByRole('button', { name: 'Copy key' }).waitFor();
      // The key works as a bearer token.
      const { json: me } = await server.api('GET', '/me', { headers: { authorization: `Bearer ${key}` } });
      assert.equal(me.email, HOST.email);
      await page.getByRole('button', { name: 'Done, hide the key' }).click();
      assert.equal(await page.getByLabel('The new API key').count(), 0, 'shown only once');
      // Revoking asks first, in the app's own dialog: Esc keeps the key, focus goes back.
      const revokeButton = page.getByRole('button', { name: 'Revoke CRM sync' });
      await revokeButton.click();
      const dialog = page.getByRole('dialog', { name: 'Revoke key' });
      await dialog.getByText('Integrations using it stop working at once.').waitFor();
      await assertAccessible(page, 'the revoke dialog');
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });
      assert.ok(await revokeButton.evaluate((b) => b === document.activeElement), 'focus returned');
      await server.api('GET', '/me', { headers: { authorization: `Bearer ${key}` } });
      await revokeButton.click();
      await dialog.getByRole('button', { name: 'Revoke', exact: true }).click();
      await page.getByText('The key “CRM sync” was revoked.').waitFor();
      await server.api('GET', '/me', { headers: { authorization: `Bearer ${key}` }, expect: [401] });
      assertNoConsoleErrors(errors);
    } finally {
      await context.close();
    }
  });

  test('axe finds no serious or critical violation on the booking page, the confirmation and the dashboard', async () => {
    await awayFromSlotBoundary();
    const { context, page, errors } = await newPage(browser, { timezoneId: 'Europe/Berlin' });
    try {
      await page.goto(bookingUrl());
      await timeButtons(page).first().waitFor();
      await assertAccessible(page, 'the booking page');
      await timeButtons(page).first().click();
      await page.getByLabel('Name', { exact: true }).waitFor();
      await page.getByRole('button', { name: 'Confirm booking' }).click();
      // Inline validation, announced at the fields.
      await page.getByText('Please enter your name.').waitFor();
      await assertAccessible(page, 'the booking form with errors');
      await page.getByLabel('Name', { exact: true }).fill('Ada Axe');
      await page.getByLabel('Email', { exact: true }).fill('ada@example.com');
      await page.getByRole('button', { name: 'Confirm booking' }).click();
      await page.getByRole('heading', { name: 'You are booked' }).waitFor();
      await assertAccessible(page, 'the confirmation');

      const [name, value] = cookie.split('=');
      await context.addCookies([{ name, value, url: server.base }]);
      await page.goto(`${server.base}/dashboard`);
      await page.getByRole('link', { name: 'Start Meeting with Ada Axe' }).waitFor();
      await assertAccessible(page, 'the dashboard (Upcoming Meetings)');
      await page.getByRole('tab', { name: 'Agendas' }).click();
      await page.getByRole('button', { name: 'Copy link to book E2E intro call' }).waitFor();
      await assertAccessible(page, 'the dashboard (Agendas)');
      await page.getByRole('tab', { name: 'API keys' }).click();
      await page.getByLabel('Key name').waitFor();
      await assertAccessible(page, 'the dashboard (API keys)');
      assertNoConsoleErrors(errors);
    } finally {
      await context.close();
    }
  });
});
