// Browser tests of the guest's side of issue 19: moving a booking asks first and offers the
// booking's own neighbours; nothing typed is lost on "Change time" or when a time is taken
// meanwhile; the steps live in the URL (Back goes one step back, a reload of the confirmation
// shows the booking); the confirmation's calendar links; "Book another time" after a cancel;
// a booking of an agenda no longer offered can still be cancelled.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Server, WEEKDAYS, launchBrowser, newPage, seriousViolations, timeButtons } from './harness.mjs';

const HOST = { email: 'flow-host@example.com', name: 'Flo Host', password: 'flow-password-123', time_zone: 'UTC' };

let server;
let cookie;
let hostSlug;
let agenda; // every day, all day, 30 minutes every 30, 30-minute buffers, no notice, one question
let browser;

/** Tomorrow's date (UTC), `YYYY-MM-DD`: every time these tests use is on it. */
const DAY = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
const at = (hm) => `${DAY}T${hm}:00Z`;
const compact = (hm) => `${DAY.replaceAll('-', '')}T${hm.replace(':', '')}00Z`;

async function assertAccessible(page, what) {
  assert.deepEqual(await seriousViolations(page), [], `axe: no serious or critical violation on ${what}`);
}

/** Books `start` (UTC) through the API as a guest; returns the booking with its manage token. */
async function book(start, guest, agendaId = agenda.id) {
  const { json } = await server.api('POST', '/bookings', {
    headers: { 'Idempotency-Key': `flow-${guest.email}-${start}` },
    body: {
      agenda_id: agendaId,
      start,
      guest_name: guest.name,
      guest_email: guest.email,
      guest_time_zone: 'UTC',
    },
  });
  assert.ok(json.manage_token);
  return json;
}

const manageUrl = (b) => `${server.base}/booking/${b.id}?token=${encodeURIComponent(b.manage_token)}`;

async function stored(id) {
  const { json } = await server.api('GET', `/bookings/${id}`, { cookie });
  return json;
}

/** Shows `DAY` in the calendar with id prefix `prefix` (the next month's page if need be) and chooses it. */
async function chooseDay(page, prefix) {
  const day = page.locator(`#${prefix}-day-${DAY}`);
  await page.locator('.calendar').first().waitFor();
  if ((await day.count()) === 0) await page.getByRole('button', { name: 'Next month' }).click();
  await day.click();
  await page.locator('section.times .times-day').filter({ hasText: new Date(`${DAY}T12:00:00Z`).getUTCDate().toString() }).waitFor();
}

const time = (page, hm) => timeButtons(page).filter({ hasText: new RegExp(`^${hm}$`) });

describe('the guest’s side in a browser', () => {
  before(async () => {
    server = await Server.start();
    let host;
    ({ host, cookie } = await server.signup(HOST));
    hostSlug = host.slug;
    ({ json: agenda } = await server.api('POST', '/agendas', {
      cookie,
      body: {
        title: 'Flow call',
        slug: 'flow',
        duration_minutes: 30,
        slot_step_minutes: 30,
        buffer_before_minutes: 30,
        buffer_after_minutes: 30,
        time_zone: 'UTC',
        min_notice_minutes: 0,
        availability: WEEKDAYS.map((weekday) => ({ weekday, start: '00:00', end: '24:00' })),
        questions: [{ key: 'company', label: 'Company', kind: 'short_text', required: false }],
      },
    }));
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close().catch(() => {});
    await server?.stop();
  });

  test('moving a booking offers its own neighbours and asks first: Back keeps it, Confirm moves it', async () => {
    const booking = await book(at('03:00'), { name: 'Mo Mover', email: 'mo@example.com' });
    // en-GB: a 24-hour locale, so the page's times read HH:MM like the API's (en-US reads 9:00 AM).
    const { context, page, errors } = await newPage(browser, { timezoneId: 'UTC', locale: 'en-GB' });
    try {
      await page.goto(manageUrl(booking));
      await page.getByRole('heading', { name: 'Reschedule' }).waitFor();
      await chooseDay(page, 'reschedule');
      // Its buffers block 02:30 and 03:30 for everybody else, not for its own move.
      for (const hm of ['02:00', '02:30', '03:00', '03:30', '04:00']) {
        await time(page, hm).waitFor();
      }

      await time(page, '04:00').click();
      const question = page.locator('#move-heading');
      await question.waitFor();
      const asked = (await question.textContent()).replace(/\s+/g, ' ');
      assert.match(asked, /^Move your meeting from .*03:00.* to .*04:00.*\?$/, asked);
      assert.equal(await timeButtons(page).first().isVisible(), false, 'the times wait behind the question');
      await assertAccessible(page, 'the move’s confirm step');
      await page.getByRole('button', { name: 'Back', exact: true }).click();
      await question.waitFor({ state: 'detached' });
      await time(page, '04:00').waitFor();
      assert.equal(Date.parse((await stored(booking.id)).start), Date.parse(at('03:00')), 'Back moved nothing');

      await time(page, '02:30').click();
      await page.getByRole('button', { name: 'Confirm', exact: true }).click();
      await page.getByRole('status').filter({ hasText: 'Your booking was moved to' }).waitFor();
      assert.equal(Date.parse((await stored(booking.id)).start), Date.parse(at('02:30')), 'Confirm moved it');
      assert.deepEqual(errors, [], 'no console errors');
    } finally {
      await context.close();
    }
  });

  test('nothing typed is lost: Change time, Back and a time taken meanwhile keep the form; the confirmation survives a reload', async () => {
    // en-GB: a 24-hour locale, so the page's times read HH:MM like the API's (en-US reads 9:00 AM).
    const { context, page, errors } = await newPage(browser, { timezoneId: 'UTC', locale: 'en-GB' });
    const url = `${server.base}/book/${hostSlug}/${agenda.slug}`;
    const form = {
      name: page.getByLabel('Name', { exact: true }),
      email: page.getByLabel('Email', { exact: true }),
      notes: page.getByLabel('Notes', { exact: true }),
      company: page.getByLabel('Company', { exact: true }),
    };
    const typed = { name: 'Flo Guest', email: 'flo@example.com', notes: 'About the plan', company: 'Acme' };
    const assertKept = async (when) => {
      await form.name.waitFor();
      for (const [field, value] of Object.entries(typed)) {
        assert.equal(await form[field].inputValue(), value, `${field} kept ${when}`);
      }
    };
    const query = () => new URL(page.url()).searchParams;
    try {
      await page.goto(url);
      await timeButtons(page).first().waitFor();
      await chooseDay(page, 'book');
      assert.equal(query().get('date'), DAY, 'the chosen day is in the URL');

      await time(page, '10:00').click();
      await form.name.waitFor();
      assert.equal(query().get('time'), compact('10:00'), 'the chosen time is in the URL');
      for (const [field, value] of Object.entries(typed)) await form[field].fill(value);

      // "Change time" goes back to the times; the next time's form still holds everything.
      await page.getByRole('button', { name: 'Change time' }).click();
      await time(page, '10:30').click();
      await assertKept('after Change time');
      assert.equal(query().get('time'), compact('10:30'));

      // Browser Back goes one step back (to the times), Forward to the form again.
      await page.goBack();
      await form.name.waitFor({ state: 'detached' });
      await time(page, '10:30').waitFor();
      assert.equal(query().get('date'), DAY);
      assert.equal(query().get('time'), null);
      await page.goForward();
      await assertKept('after Back and Forward');

      // Someone else takes 10:30 while the form is open.
      await book(at('10:30'), { name: 'Quick Other', email: 'quick@example.com' });
      await page.getByRole('button', { name: 'Confirm booking' }).click();
      await page.getByRole('alert').filter({ hasText: 'That time was just taken' }).waitFor();
      await form.name.waitFor({ state: 'detached' });
      assert.equal(query().get('time'), null, 'back on the times');
      // The times are read again: the taken one (and its buffered neighbours) leave the list.
      await time(page, '10:30').waitFor({ state: 'detached' });
      await time(page, '12:00').click();
      await page.locator('.booking-form .chosen').filter({ hasText: '12:00' }).waitFor();
      await assertKept('after the time was taken');

      await page.getByRole('button', { name: 'Confirm booking' }).click();
      await page.getByRole('heading', { name: 'You are booked' }).waitFor();
      await assertAccessible(page, 'the confirmation');
      assert.ok(query().get('booking') && query().get('token'), 'the confirmation is in the URL');
      await page.getByText('We emailed you at flo@example.com.').waitFor();
      const when = (await page.locator('.confirmation .when').textContent()).trim();
      assert.match(when, /12:00.*12:30/, when);

      const { json: list } = await server.api('GET', '/bookings?scope=all', { cookie });
      const made = list.items.find((b) => b.guest_email === 'flo@example.com');
      assert.equal(Date.parse(made.start), Date.parse(at('12:00')));
      assert.equal(made.notes, 'About the plan');
      assert.deepEqual(made.answers, [{ key: 'company', label: 'Company', value: 'Acme' }]);

      // The calendar links: buttons, with the meeting's times in UTC.
      const google = new URL(await page.getByRole('link', { name: 'Add to Google Calendar' }).getAttribute('href'));
      assert.equal(google.origin + google.pathname, 'https://calendar.google.com/calendar/render');
      assert.equal(google.searchParams.get('action'), 'TEMPLATE');
      assert.equal(google.searchParams.get('dates'), `${compact('12:00')}/${compact('12:30')}`);
      assert.equal(google.searchParams.get('text'), `Flow call with ${HOST.name}`);
      assert.equal(google.searchParams.get('location'), made.meeting_url);
      const outlook = new URL(await page.getByRole('link', { name: 'Add to Outlook' }).getAttribute('href'));
      assert.equal(outlook.origin + outlook.pathname, 'https://outlook.live.com/calendar/0/deeplink/compose');
      assert.equal(outlook.searchParams.get('startdt'), at('12:00'));
      assert.equal(outlook.searchParams.get('enddt'), at('12:30'));
      for (const link of [google, outlook]) {
        assert.ok(!link.href.includes(query().get('token')), 'the manage token stays home');
      }
      await page.getByRole('link', { name: 'Add to calendar (.ics)' }).waitFor();
      const manage = await page.getByRole('link', { name: 'Change or cancel' }).getAttribute('href');
      assert.ok(manage.endsWith(`/booking/${made.id}?token=${query().get('token')}`), manage);

      // A reload shows the same confirmation; Back then goes to the times, not to the form.
      await page.reload();
      await page.getByRole('heading', { name: 'You are booked' }).waitFor();
      assert.equal((await page.locator('.confirmation .when').textContent()).trim(), when);
      await page.getByText('We emailed you at flo@example.com.').waitFor();
      await page.goBack();
      await timeButtons(page).first().waitFor();
      assert.equal(await form.name.count(), 0, 'the booked form is not shown again');
      assert.equal(query().get('booking'), null);
      // The refused POST (409) is logged by the browser itself; nothing else may be.
      assert.deepEqual(errors.filter((e) => !/409/.test(e)), [], 'no other console errors');
    } finally {
      await context.close();
    }
  });

  test('a cancelled booking offers to book another time, on the page and in the email', async () => {
    const booking = await book(at('15:00'), { name: 'Cass Cancel', email: 'cass@example.com' });
    const { context, page, errors } = await newPage(browser, { timezoneId: 'UTC' });
    try {
      await page.goto(manageUrl(booking));
      await page.getByRole('button', { name: 'Cancel booking' }).click();
      await page.getByRole('button', { name: 'Yes, cancel booking' }).click();
      await page.getByText('This booking is cancelled').waitFor();
      const again = page.getByRole('link', { name: 'Book another time' });
      const href = await again.getAttribute('href');
      assert.ok(href.endsWith(`/book/${hostSlug}/${agenda.slug}`), href);
      await assertAccessible(page, 'the cancelled booking');
      const [, link] = await server.waitForEmail(/Book another time: (\S+)/);
      assert.equal(link, href, 'the guest’s cancellation email links the same page');
      await again.click();
      await page.getByRole('heading', { level: 1, name: 'Flow call' }).waitFor();
      assert.deepEqual(errors, [], 'no console errors');
    } finally {
      await context.close();
    }
  });

  test('an agenda no longer offered: the guest is told in words and can still cancel', async () => {
    const { json: retired } = await server.api('POST', '/agendas', {
      cookie,
      body: {
        title: 'Retired call',
        slug: 'retired',
        duration_minutes: 30,
        time_zone: 'UTC',
        min_notice_minutes: 0,
        availability: WEEKDAYS.map((weekday) => ({ weekday, start: '00:00', end: '24:00' })),
      },
    });
    const booking = await book(at('18:00'), { name: 'Ina Active', email: 'ina@example.com' }, retired.id);
    await server.api('PATCH', `/agendas/${retired.id}`, { cookie, body: { active: false } });
    const { context, page, errors } = await newPage(browser, { timezoneId: 'UTC' });
    try {
      await page.goto(manageUrl(booking));
      await page.getByText('This meeting type is no longer offered; you can still cancel.').waitFor();
      assert.equal(await page.getByRole('heading', { name: 'Reschedule' }).count(), 0, 'no move offered');
      await assertAccessible(page, 'the booking of an agenda no longer offered');
      await page.getByRole('button', { name: 'Cancel booking' }).click();
      await page.getByRole('button', { name: 'Yes, cancel booking' }).click();
      await page.getByText('This booking is cancelled').waitFor();
      assert.equal((await stored(booking.id)).status, 'cancelled');
      assert.equal(await page.getByRole('link', { name: 'Book another time' }).count(), 0, 'nowhere to book it again');
      const text = await page.locator('main').textContent();
      assert.doesNotMatch(text, /[{}]|problems\/|\b[45]\d\d\b/, 'no raw API text');
      assert.deepEqual(errors, [], 'no console errors');
    } finally {
      await context.close();
    }
  });
});
