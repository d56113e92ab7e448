// Browser tests of issue 19, guest items 4, 5 and 8: the booking page, the confirmation and the
// manage page write times one way, in the guest's locale (12 h in en-US, 24 h and German words
// in de-DE) with a
// 12 h / 24 h switch remembered per browser; the time-zone field finds zones by city, country
// and common name, with each zone's local time and UTC offset, and a refused entry leaves the
// field and the times in the zone in use; "today" is today in the chosen zone; on a phone the
// chosen day's times come into view and no page is wider than the screen.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Server, WEEKDAYS, launchBrowser, newPage, seriousViolations, timeButtons } from './harness.mjs';

const HOST = { email: 'time-host@example.com', name: 'Tim Host', password: 'time-password-123', time_zone: 'UTC' };

let server;
let cookie;
let hostSlug;
let agenda; // every day, all day, 30 minutes, no notice
let browser;

/** Tomorrow's date (UTC), `YYYY-MM-DD`. */
const DAY = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
const at = (hm) => `${DAY}T${hm}:00Z`;

/** Text with every run of white space (ICU puts U+202F before AM/PM) as one plain space. */
const squash = (text) => text.replace(/\s+/g, ' ').trim();
const TWELVE = /^\d{1,2}:\d\d [AP]M$/;
const TWENTY_FOUR = /^\d\d:\d\d$/;

const bookingUrl = () => `${server.base}/book/${hostSlug}/${agenda.slug}`;
const manageUrl = (b) => `${server.base}/booking/${b.id}?token=${encodeURIComponent(b.manage_token)}`;

async function assertAccessible(page, what) {
  assert.deepEqual(await seriousViolations(page), [], `axe: no serious or critical violation on ${what}`);
}

/** Books `start` (UTC) through the API; returns the booking with its manage token. */
async function book(start, email) {
  const { json } = await server.api('POST', '/bookings', {
    headers: { 'Idempotency-Key': `time-${email}-${start}` },
    body: { agenda_id: agenda.id, start, guest_name: 'Tia Time', guest_email: email, guest_time_zone: 'UTC' },
  });
  return json;
}

/** The time buttons' texts, white space squashed. */
async function times(page) {
  return (await timeButtons(page).allTextContents()).map(squash);
}

/** Shows `DAY` in the booking page's calendar (the next month's page if need be) and chooses it. */
async function chooseDay(page, prefix = 'book') {
  const day = page.locator(`#${prefix}-day-${DAY}`);
  await page.locator('.calendar').first().waitFor();
  if ((await day.count()) === 0) await page.getByRole('button', { name: /^(Next month|Nächster Monat)$/ }).click();
  await day.click();
  await page
    .locator('section.times .times-day')
    .filter({ hasText: new Date(`${DAY}T12:00:00Z`).getUTCDate().toString() })
    .waitFor();
}

/** `zone`'s offset now as the page writes it: `UTC+09:00`, `UTC−08:00`. */
function offsetOf(zone) {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })
    .formatToParts(new Date())
    .find((p) => p.type === 'timeZoneName').value;
  const rest = name.replace(/^GMT/, '');
  return rest ? `UTC${rest.replace('-', '−')}` : 'UTC+00:00';
}

/** Today's date in `zone`, `YYYY-MM-DD`. */
function todayIn(zone) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(),
  );
}

/** Whether the page is no wider than its window (nothing to scroll sideways). */
async function assertNoSidewaysScroll(page, what) {
  const { scroll, inner } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    inner: window.innerWidth,
  }));
  assert.ok(scroll <= inner, `${what}: ${scroll} px wide in a ${inner} px window`);
}

describe('times and zones on the guest’s pages', () => {
  before(async () => {
    server = await Server.start();
    let host;
    ({ host, cookie } = await server.signup(HOST));
    hostSlug = host.slug;
    ({ json: agenda } = await server.api('POST', '/agendas', {
      cookie,
      body: {
        title: 'Time call',
        slug: 'time',
        duration_minutes: 30,
        slot_step_minutes: 30,
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

  test('en-US reads 12-hour times on the booking page, the confirmation and the manage page alike', async () => {
    const { context, page, errors } = await newPage(browser, { locale: 'en-US', timezoneId: 'UTC' });
    try {
      await page.goto(bookingUrl());
      await chooseDay(page);
      const shown = await times(page);
      assert.ok(shown.length > 0 && shown.every((t) => TWELVE.test(t)), shown.join(' | '));
      assert.ok(shown.includes('1:00 PM'), '13:00 UTC reads 1:00 PM');
      assert.ok(await page.getByLabel('12 h').isChecked(), 'the switch starts at the locale’s 12 h');
      const dayLabel = squash(await page.locator('section.times .times-day').textContent());
      assert.match(dayLabel, /^[A-Z][a-z]+day, [A-Z][a-z]+ \d{1,2}, \d{4}$/, `US order: ${dayLabel}`);
      await assertAccessible(page, 'the booking page in en-US');

      await timeButtons(page).filter({ hasText: /^1:00\sPM$/ }).click();
      const chosen = squash(await page.locator('.booking-form .chosen strong').textContent());
      assert.ok(chosen.includes('1:00 PM') && !chosen.includes('13:00'), chosen);
      await page.getByLabel('Name', { exact: true }).fill('Uma US');
      await page.getByLabel('Email', { exact: true }).fill('uma@example.com');
      await page.getByRole('button', { name: 'Confirm booking' }).click();
      await page.getByRole('heading', { name: 'You are booked' }).waitFor();
      const confirmed = squash(await page.locator('.confirmation .when').textContent());
      assert.match(confirmed, /1:00 PM – 1:30 PM UTC$/, confirmed);
      assert.ok(confirmed.startsWith(dayLabel), `the same day as on the times: ${confirmed}`);

      await page.getByRole('link', { name: 'Change or cancel' }).click();
      const when = page.locator('dd.when');
      await when.waitFor();
      assert.equal(squash(await when.textContent()), confirmed, 'the manage page writes it the same way');
      assert.ok(await page.getByLabel('12 h').isChecked());
      await assertAccessible(page, 'the manage page in en-US');
      assert.deepEqual(errors, [], 'no console errors');
    } finally {
      await context.close();
    }
  });

  test('de-DE reads 24-hour times, in German words', async () => {
    const booking = await book(at('14:00'), 'dora@example.com');
    const { context, page, errors } = await newPage(browser, { locale: 'de-DE', timezoneId: 'UTC' });
    try {
      await page.goto(bookingUrl());
      await chooseDay(page);
      const shown = await times(page);
      assert.ok(shown.length > 0 && shown.every((t) => TWENTY_FOUR.test(t)), shown.join(' | '));
      assert.ok(shown.includes('13:30'), shown.join(' | '));
      assert.ok(await page.getByLabel('24 h').isChecked(), 'the switch starts at the locale’s 24 h');
      const dayLabel = squash(await page.locator('section.times .times-day').textContent());
      assert.match(dayLabel, /^(Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag)/, `a German weekday on a German page: ${dayLabel}`);

      await page.goto(manageUrl(booking));
      const when = squash(await page.locator('dd.when').textContent());
      assert.match(when, /14:00 – 14:30 UTC$/, when);
      assert.doesNotMatch(when, /PM|Uhr/);
      assert.deepEqual(errors, [], 'no console errors');
    } finally {
      await context.close();
    }
  });

  test('the 12 h / 24 h switch rewrites every time and is remembered after a reload and on the manage page', async () => {
    const booking = await book(at('16:00'), 'sam@example.com');
    const { context, page, errors } = await newPage(browser, { locale: 'en-US', timezoneId: 'UTC' });
    try {
      await page.goto(bookingUrl());
      await chooseDay(page);
      assert.ok((await times(page)).every((t) => TWELVE.test(t)));
      await page.getByLabel('24 h').check();
      await timeButtons(page).filter({ hasText: /^13:30$/ }).waitFor();
      assert.ok((await times(page)).every((t) => TWENTY_FOUR.test(t)), 'every time switched');

      await page.reload();
      await chooseDay(page);
      assert.ok((await times(page)).every((t) => TWENTY_FOUR.test(t)), 'still 24 h after a reload');
      assert.ok(await page.getByLabel('24 h').isChecked());

      await page.goto(manageUrl(booking));
      const when = page.locator('dd.when');
      await when.waitFor();
      assert.match(squash(await when.textContent()), /16:00 – 16:30 UTC$/);
      await page.getByLabel('12 h').check();
      await page.locator('dd.when').filter({ hasText: /4:00\sPM – 4:30\sPM UTC$/ }).waitFor();

      await page.goto(bookingUrl());
      await chooseDay(page);
      assert.ok((await times(page)).every((t) => TWELVE.test(t)), 'back to 12 h on the booking page');
      assert.deepEqual(errors, [], 'no console errors');
    } finally {
      await context.close();
    }
  });

  test('the zone field finds cities, countries and common names, each with its local time and UTC offset', async () => {
    const { context, page, errors } = await newPage(browser, { locale: 'en-US', timezoneId: 'America/New_York' });
    try {
      await page.goto(bookingUrl());
      const field = page.getByRole('combobox', { name: 'Time zone' });
      await field.waitFor();
      assert.equal(await field.inputValue(), 'America/New_York');
      await page.locator('#tz-now').filter({ hasText: offsetOf('America/New_York') }).waitFor();
      await timeButtons(page).first().waitFor();
      const before = await times(page);

      const list = page.getByRole('listbox', { name: 'Time zones found' });
      for (const [query, zone, label] of [
        ['los angeles', 'America/Los_Angeles', 'Los Angeles'],
        ['Pacific Time', 'America/Los_Angeles', 'Pacific Time'],
        ['new york', 'America/New_York', 'New York'],
        ['CET', 'Europe/Berlin', 'CET'],
        ['Germany', 'Europe/Berlin', 'Germany'],
        ['Tokyo', 'Asia/Tokyo', 'Tokyo'],
      ]) {
        await field.fill(query);
        await list.waitFor();
        const first = list.getByRole('option').first();
        const text = squash(await first.textContent());
        assert.ok(text.startsWith(label), `${query}: ${text}`);
        assert.ok(text.includes(zone), `${query} finds ${zone} first: ${text}`);
        assert.ok(text.includes(offsetOf(zone)), `${query}: the offset ${offsetOf(zone)} in ${text}`);
        assert.match(text, /· \d{1,2}:\d\d [AP]M ·/, `${query}: the local time in ${text}`);
        assert.equal(await field.getAttribute('aria-expanded'), 'true');
      }
      await assertAccessible(page, 'the booking page with the zone list open');

      // Enter takes the first zone found: Tokyo, 13–14 h from New York, so every time changes.
      await field.press('Enter');
      await list.waitFor({ state: 'hidden' });
      assert.equal(await field.inputValue(), 'Asia/Tokyo');
      await page.locator('#tz-now').filter({ hasText: 'UTC+09:00' }).waitFor();
      await page.waitForFunction(
        (old) => {
          const b = document.querySelector('section.times button.slot');
          return b && b.textContent.replace(/\s+/g, ' ').trim() !== old;
        },
        before[0],
      );

      // Arrow keys and a click pick from the list too.
      await field.fill('germany');
      await list.waitFor();
      await field.press('ArrowDown');
      const second = squash(await list.getByRole('option').nth(1).textContent());
      assert.equal(await list.getByRole('option').nth(1).getAttribute('aria-selected'), 'true');
      await field.press('ArrowUp');
      await list.getByRole('option').first().click();
      assert.equal(await field.inputValue(), 'Europe/Berlin', `picked by a click (not ${second})`);
      assert.deepEqual(errors, [], 'no console errors');
    } finally {
      await context.close();
    }
  });

  test('a refused zone says why, and the field and the times stay in the zone in use', async () => {
    const { context, page, errors } = await newPage(browser, { locale: 'en-US', timezoneId: 'America/New_York' });
    try {
      await page.goto(bookingUrl());
      const field = page.getByRole('combobox', { name: 'Time zone' });
      await chooseDay(page);
      const before = await times(page);

      await field.fill('Mars/Olympus');
      await field.press('Enter');
      const error = page.locator('#tz-error');
      await error.filter({ hasText: 'Unknown time zone “Mars/Olympus”' }).waitFor();
      assert.equal(await field.inputValue(), 'America/New_York', 'the field shows the zone in use again');
      assert.equal(await field.getAttribute('aria-expanded'), 'false');
      assert.deepEqual(await times(page), before, 'the times stay in New York');
      await assertAccessible(page, 'the booking page with a refused zone');

      // Leaving the field with a name that finds nothing exactly is refused the same way.
      await field.fill('Atlantis');
      await field.press('Tab');
      await error.filter({ hasText: 'Unknown time zone “Atlantis”' }).waitFor();
      assert.equal(await field.inputValue(), 'America/New_York');
      assert.deepEqual(await times(page), before);

      // A zone accepted afterwards clears the message.
      await field.fill('Europe/London');
      await field.press('Enter');
      await page.waitForFunction(() => document.querySelector('#tz-error').textContent === '');
      assert.equal(await field.inputValue(), 'Europe/London');
      assert.deepEqual(errors, [], 'no console errors');
    } finally {
      await context.close();
    }
  });

  test('"today" on the calendar is today in the chosen zone', async () => {
    // Pago Pago (UTC−11) and Kiritimati (UTC+14) are 25 hours apart: never on the same date.
    const { context, page, errors } = await newPage(browser, { locale: 'en-US', timezoneId: 'Pacific/Pago_Pago' });
    try {
      await page.goto(bookingUrl());
      const today = page.locator('.calendar button.day.today');
      await today.waitFor();
      assert.equal(await today.getAttribute('id'), `book-day-${todayIn('Pacific/Pago_Pago')}`);
      assert.equal(await today.getAttribute('aria-current'), 'date');

      const field = page.getByRole('combobox', { name: 'Time zone' });
      await field.fill('Kiritimati');
      await field.press('Enter');
      assert.equal(await field.inputValue(), 'Pacific/Kiritimati');
      const ahead = todayIn('Pacific/Kiritimati');
      assert.notEqual(ahead, todayIn('Pacific/Pago_Pago'));
      await page.locator(`#book-day-${ahead}.today`).waitFor();
      assert.equal(await page.locator('.calendar button.day.today').count(), 1, 'one today');
      // Kiritimati's yesterday is in the past there: no free times on it.
      const yesterday = new Date(Date.parse(`${ahead}T12:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
      const before = page.locator(`#book-day-${yesterday}`);
      if ((await before.count()) > 0) assert.equal(await before.getAttribute('aria-disabled'), 'true');
      assert.deepEqual(errors, [], 'no console errors');
    } finally {
      await context.close();
    }
  });

  test('on a phone, choosing a day brings its times into view and no guest page is wider than the screen', async () => {
    const booking = await book(at('20:00'), 'phil@example.com');
    const { context, page, errors } = await newPage(browser, {
      locale: 'en-US',
      timezoneId: 'UTC',
      viewport: { width: 390, height: 844 },
    });
    const inView = () =>
      page.evaluate(() => {
        const b = document.querySelector('section.times button.slot');
        if (!b) return false;
        const r = b.getBoundingClientRect();
        return r.top >= 0 && r.bottom <= window.innerHeight;
      });
    try {
      await page.goto(bookingUrl());
      await timeButtons(page).first().waitFor();
      await assertNoSidewaysScroll(page, 'the booking page');
      await assertAccessible(page, 'the booking page on a phone');
      await page.evaluate(() => window.scrollTo(0, 0));
      assert.equal(await inView(), false, 'below the calendar, the times start out of view');

      await chooseDay(page);
      await page.waitForFunction(() => {
        const b = document.querySelector('section.times button.slot');
        if (!b) return false;
        const r = b.getBoundingClientRect();
        return r.top >= 0 && r.bottom <= window.innerHeight;
      });
      assert.ok(await inView(), 'the chosen day’s times are in view');

      // The zone list fits the screen too.
      const field = page.getByRole('combobox', { name: 'Time zone' });
      await field.fill('los angeles');
      await page.getByRole('listbox', { name: 'Time zones found' }).waitFor();
      await assertNoSidewaysScroll(page, 'the booking page with the zone list open');
      await field.press('Escape');
      assert.equal(await field.inputValue(), 'UTC', 'Escape puts the zone in use back');

      await timeButtons(page).first().click();
      await page.getByLabel('Name', { exact: true }).fill('Phil Phone');
      await page.getByLabel('Email', { exact: true }).fill('phil.phone.with.a.rather.long.address@example.com');
      await assertNoSidewaysScroll(page, 'the booking form');
      await page.getByRole('button', { name: 'Confirm booking' }).click();
      await page.getByRole('heading', { name: 'You are booked' }).waitFor();
      await assertNoSidewaysScroll(page, 'the confirmation');
      await assertAccessible(page, 'the confirmation on a phone');

      await page.goto(manageUrl(booking));
      await page.getByRole('heading', { name: 'Reschedule' }).waitFor();
      await timeButtons(page).first().waitFor();
      await assertNoSidewaysScroll(page, 'the manage page');
      await assertAccessible(page, 'the manage page on a phone');
      assert.deepEqual(errors, [], 'no console errors');
    } finally {
      await context.close();
    }
  });
});
