// Browser tests of seats and teams (SPEC §10): a start with seats shows the seats left on the
// booking page and is one entry in Upcoming Meetings; a team is made in the Team tab, gets a
// member and a collective agenda, and a guest books it on its team booking page.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Server,
  WEEKDAYS,
  awayFromSlotBoundary,
  bookFirstTime,
  launchBrowser,
  newPage,
  seriousViolations,
} from './harness.mjs';

let server;
let browser;

function isoDate(d) {
  return d.toISOString().slice(0, 10);
}

/** Free slots (UTC) of an agenda over the next week. */
async function freeSlots(agendaId) {
  const now = Date.now();
  const from = isoDate(new Date(now - 86_400_000));
  const to = isoDate(new Date(now + 7 * 86_400_000));
  const { json } = await server.api('GET', `/agendas/${agendaId}/slots?from=${from}&to=${to}&time_zone=UTC`);
  return json.slots;
}

/** Books `start` of an agenda through the API as a guest. */
function bookViaApi(agendaId, start, guest) {
  return server.api('POST', '/bookings', {
    headers: { 'Idempotency-Key': `e2e-${guest.email}-${Date.now()}` },
    body: { agenda_id: agendaId, start, guest_name: guest.name, guest_email: guest.email, guest_time_zone: 'UTC' },
  });
}

/** Logs a host in through the API; returns the session cookie (`name=value`). */
async function login(email, password) {
  const { res } = await server.api('POST', '/auth/login', { body: { email, password } });
  return res.headers.getSetCookie().find((c) => c.startsWith('smartcal_session=')).split(';')[0];
}

/** Logs a host in on the login page and waits for the dashboard. */
async function loginInPage(page, email, password) {
  await page.goto(`${server.base}/login`);
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
  await page.waitForURL(`${server.base}/dashboard`);
}

async function assertAccessible(page, what) {
  assert.deepEqual(await seriousViolations(page), [], `axe: no serious or critical violation on ${what}`);
}

describe('seats and teams in a browser', () => {
  before(async () => {
    server = await Server.start();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close().catch(() => {});
    await server?.stop();
  });

  test('a start with 3 seats: the page shows the seats left, the dashboard one entry "2/3 booked"', async () => {
    const HOST = { email: 'seats-host@example.com', name: 'Seats Host', password: 'seats-password-123', time_zone: 'UTC' };
    const { host, cookie } = await server.signup(HOST);
    const { json: agenda } = await server.api('POST', '/agendas', {
      cookie,
      body: {
        title: 'Group workshop',
        slug: 'workshop',
        duration_minutes: 30,
        time_zone: 'UTC',
        min_notice_minutes: 0,
        seats: 3,
        availability: WEEKDAYS.map((weekday) => ({ weekday, start: '00:00', end: '24:00' })),
      },
    });
    assert.equal(agenda.seats, 3);

    await awayFromSlotBoundary();
    const [first] = await freeSlots(agenda.id);
    assert.equal(first.seats_left, 3, 'an unbooked start has all its seats');
    await bookViaApi(agenda.id, first.start, { name: 'Ada Attendee', email: 'ada@example.com' });
    const hm = first.start.slice(11, 16);

    // en-GB: a 24-hour locale, so the page's times read HH:MM like the API's (en-US reads 9:00 AM).
    const guest = await newPage(browser, { timezoneId: 'UTC', locale: 'en-GB' });
    const hostSide = await newPage(browser, { timezoneId: 'UTC' });
    try {
      const { page } = guest;
      const url = `${server.base}/book/${host.slug}/${agenda.slug}`;
      await page.goto(url);
      await page.getByRole('heading', { level: 1, name: agenda.title }).waitFor();
      const time = page.getByRole('button', { name: new RegExp(`^${hm} 2 seats left, `) });
      await time.waitFor();
      assert.match(await time.textContent(), /2 seats left/, 'the seats left are shown on the button');
      await assertAccessible(page, 'the booking page with seats');
      await time.click();
      await page.getByLabel('Name', { exact: true }).fill('Bo Booker');
      await page.getByLabel('Email', { exact: true }).fill('bo@example.com');
      await page.getByRole('button', { name: 'Confirm booking' }).click();
      await page.getByRole('heading', { name: 'You are booked' }).waitFor();

      // A new visit shows the one seat left on that time.
      await page.goto(url);
      await page.getByRole('button', { name: new RegExp(`^${hm} 1 seat left, `) }).waitFor();
      assert.deepEqual(guest.errors, [], 'no console errors on the booking page');

      // Both guests share one room.
      const { json: list } = await server.api('GET', '/bookings?scope=upcoming', { cookie });
      const seated = list.items.filter((b) => b.start === first.start);
      assert.equal(seated.length, 2);
      assert.equal(seated[0].meeting_url, seated[1].meeting_url, 'one room for the start');

      // The dashboard: one entry for the start, "2/3 booked", both guests, one Start Meeting.
      const host_ = hostSide.page;
      await loginInPage(host_, HOST.email, HOST.password);
      const entry = host_.locator('li.meeting').filter({ hasText: '2/3 booked' });
      await entry.waitFor();
      assert.equal(await host_.locator('li.meeting').count(), 1, 'one entry for the start');
      await entry.getByText('Ada Attendee').waitFor();
      await entry.getByText('Bo Booker').waitFor();
      await entry.getByText('bo@example.com').waitFor();
      const starts = host_.getByRole('link', { name: /^Start Meeting/ });
      assert.equal(await starts.count(), 1, 'one Start Meeting');
      assert.equal(await starts.getAttribute('href'), seated[0].join_url);
      await assertAccessible(host_, 'Upcoming Meetings with a seated start');
      assert.deepEqual(hostSide.errors, [], 'no console errors on the dashboard');
    } finally {
      await guest.context.close();
      await hostSide.context.close();
    }
  });

  test('a team made in the Team tab, a collective agenda, booked on its team page by a guest', async () => {
    const OWNER = { name: 'Olga Owner', email: 'olga@example.com', password: 'olga-password-123' };
    const MEMBER = { name: 'Max Member', email: 'max@example.com', password: 'max-password-123', time_zone: 'UTC' };
    const ownerSide = await newPage(browser, { timezoneId: 'UTC' });
    const guest = await newPage(browser, { timezoneId: 'UTC' });
    const { page } = ownerSide;
    try {
      // The owner signs up in the SPA; the second host through the API.
      await page.goto(`${server.base}/signup`);
      await page.getByLabel('Name', { exact: true }).fill(OWNER.name);
      await page.getByLabel('Email', { exact: true }).fill(OWNER.email);
      await page.getByLabel('Password', { exact: true }).fill(OWNER.password);
      await page.getByRole('button', { name: 'Create account' }).click();
      await page.waitForURL(`${server.base}/dashboard`);
      const { cookie: memberCookie } = await server.signup(MEMBER);

      // The team.
      await page.getByRole('tab', { name: 'Team' }).click();
      await page.getByText('No teams yet.').waitFor();
      await page.getByLabel('Team name', { exact: true }).fill('Sales Crew');
      await page.getByLabel('Team link name', { exact: true }).fill('sales-crew');
      await page.getByRole('button', { name: 'Create team' }).click();
      await page.getByRole('status').filter({ hasText: 'The team “Sales Crew” was created.' }).waitFor();
      await page.getByRole('heading', { name: 'Sales Crew' }).waitFor();

      // An unknown email is refused in words; then the member is added.
      const email = page.getByLabel('Email of the host to add', { exact: true });
      await email.fill('nobody@example.com');
      await page.getByRole('button', { name: 'Add member' }).click();
      await page.getByText('No SmartCal host has this email', { exact: false }).waitFor();
      await email.fill(MEMBER.email);
      await page.getByRole('button', { name: 'Add member' }).click();
      await page.locator('li.member').filter({ hasText: MEMBER.email }).waitFor();
      await page.getByRole('button', { name: `Remove ${MEMBER.name} from the team` }).waitFor();

      // A collective agenda with both, every day, all day.
      await page.getByRole('button', { name: 'New agenda of Sales Crew' }).click();
      await page.getByLabel('Title', { exact: true }).fill('Team demo');
      await page.getByLabel('Duration (minutes)', { exact: true }).fill('30');
      assert.ok(await page.getByLabel('Collective', { exact: true }).isChecked(), 'collective by default');
      assert.ok(await page.getByLabel(`${OWNER.name} (${OWNER.email})`).isChecked());
      assert.ok(await page.getByLabel(`${MEMBER.name} (${MEMBER.email})`).isChecked());
      for (const day of ['Saturday', 'Sunday']) await page.getByLabel(day, { exact: true }).check();
      await page.getByLabel('From', { exact: true }).fill('00:00');
      await page.getByLabel('Until', { exact: true }).fill('00:00');
      await assertAccessible(page, 'the Team tab with the team agenda form');
      await page.getByRole('button', { name: 'Create team agenda' }).click();
      await page.getByRole('status').filter({ hasText: '“Team demo” was created.' }).waitFor();
      const link = page.getByRole('link', { name: /\/book\/team\/sales-crew\// });
      await link.waitFor();
      const bookingPath = new URL(await link.getAttribute('href')).pathname;
      assert.equal(bookingPath, '/book/team/sales-crew/team-demo');
      // The refused email's 422 is logged by the browser as a failed resource; nothing else.
      const unexpected = ownerSide.errors.filter((e) => !/status of 422/.test(e));
      assert.deepEqual(unexpected, [], 'no console errors in the Team tab');

      // A guest books it on the team booking page, which names the team.
      await awayFromSlotBoundary();
      await guest.page.goto(`${server.base}${bookingPath}`);
      await guest.page.getByRole('heading', { level: 1, name: 'Team demo' }).waitFor();
      assert.equal((await guest.page.locator('.agenda-info .host').textContent()).trim(), 'Sales Crew');
      await bookFirstTime(guest.page, { name: 'Tia Teamguest', email: 'tia@example.com' });
      assert.deepEqual(guest.errors, [], 'no console errors on the team booking page');

      // Both hosts have it among their upcoming meetings.
      const ownerCookie = await login(OWNER.email, OWNER.password);
      for (const [who, cookie] of [['owner', ownerCookie], ['member', memberCookie]]) {
        const { json } = await server.api('GET', '/bookings?scope=upcoming', { cookie });
        assert.ok(
          json.items.some((b) => b.guest_email === 'tia@example.com'),
          `the ${who}'s upcoming meetings hold the team booking`,
        );
      }
      // And the owner sees it in Upcoming Meetings.
      await page.getByRole('tab', { name: 'Upcoming Meetings' }).click();
      await page.getByRole('link', { name: 'Start Meeting with Tia Teamguest' }).waitFor();
    } finally {
      await ownerSide.context.close();
      await guest.context.close();
    }
  });
});
