// Browser tests of SPEC §9's booking requests: a requires-confirmation agenda's booking is a
// request; the host's email link opens /decide/{id}?token=…, which shows it and decides only
// on a button press; the guest's pages and the dashboard show requests for what they are.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Server,
  WEEKDAYS,
  awayFromSlotBoundary,
  launchBrowser,
  newPage,
  seriousViolations,
  timeButtons,
} from './harness.mjs';

const HOST = { email: 'd-host@example.com', name: 'Dana Host', password: 'd-password-123', time_zone: 'UTC' };

let server;
let cookie;
let hostSlug;
let agenda; // requires confirmation, every day, all day
let browser;
let slots = []; // free slot starts (UTC), handed out one per booking

async function assertAccessible(page, what) {
  assert.deepEqual(await seriousViolations(page), [], `axe: no serious or critical violation on ${what}`);
}

/** Books the next free slot through the API as a guest; returns the (pending) booking. */
async function request(guest) {
  const { json } = await server.api('POST', '/bookings', {
    headers: { 'Idempotency-Key': `decide-${guest.email}` },
    body: {
      agenda_id: agenda.id,
      start: slots.shift(),
      guest_name: guest.name,
      guest_email: guest.email,
      guest_time_zone: 'UTC',
      notes: guest.notes,
      answers: guest.answers ?? {},
    },
  });
  return json;
}

/** The host's decide link of booking `id`, from the request email. */
async function decideLink(id) {
  const [, token] = await server.waitForEmail(new RegExp(`/decide/${id}\\?token=([^\\s"'<>&]+)`));
  return `${server.base}/decide/${id}?token=${token}`;
}

async function status(id) {
  const { json } = await server.api('GET', `/bookings/${id}`, { cookie });
  return json;
}

describe('booking requests in a browser', () => {
  before(async () => {
    server = await Server.start();
    let host;
    ({ host, cookie } = await server.signup(HOST));
    hostSlug = host.slug;
    ({ json: agenda } = await server.api('POST', '/agendas', {
      cookie,
      body: {
        title: 'Consultation',
        slug: 'consultation',
        duration_minutes: 30,
        time_zone: 'UTC',
        min_notice_minutes: 120,
        availability: WEEKDAYS.map((weekday) => ({ weekday, start: '00:00', end: '24:00' })),
        requires_confirmation: true,
        questions: [{ key: 'topic', label: 'Topic', kind: 'short_text', required: false }],
      },
    }));
    assert.equal(agenda.requires_confirmation, true);
    const from = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const to = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10);
    const { json } = await server.api('GET', `/agendas/${agenda.id}/slots?from=${from}&to=${to}&time_zone=UTC`);
    slots = json.slots.map((s) => s.start);
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close().catch(() => {});
    await server?.stop();
  });

  test('opening the decide link does not decide; Confirm does', async () => {
    const booking = await request({
      name: 'Rita Request',
      email: 'rita@example.com',
      notes: 'About the roadmap',
      answers: { topic: 'Pricing' },
    });
    assert.equal(booking.status, 'pending');
    const link = await decideLink(booking.id);

    const { context, page, errors } = await newPage(browser, { timezoneId: 'Europe/Berlin' });
    try {
      await page.goto(link);
      await page.getByRole('heading', { level: 1, name: 'Booking request' }).waitFor();
      await page.getByText('Rita Request').waitFor();
      await page.getByText('About the roadmap').waitFor();
      assert.equal((await page.locator('dt:has-text("Topic") + dd').textContent()).trim(), 'Pricing');
      await page.getByText('Waiting for your decision').waitFor();
      await page.getByRole('button', { name: 'Confirm' }).waitFor();
      await page.getByRole('button', { name: 'Decline' }).waitFor();
      await assertAccessible(page, 'the decide page');
      assert.equal((await status(booking.id)).status, 'pending', 'loading the page decided nothing');

      await page.getByRole('button', { name: 'Confirm' }).click();
      await page.getByRole('status').filter({ hasText: 'Confirmed.' }).waitFor();
      const after = await status(booking.id);
      assert.equal(after.status, 'confirmed');
      assert.ok(after.decided_at, 'the decision is dated');
      assert.equal(await page.getByRole('button', { name: 'Confirm' }).count(), 0, 'no second decision');
      await assertAccessible(page, 'the decide page after confirming');
      assert.deepEqual(errors, [], 'no console errors');
    } finally {
      await context.close();
    }
  });

  test('Decline with a reason; a request decided meanwhile shows the conflict', async () => {
    const declined = await request({ name: 'Dora Decline', email: 'dora@example.com' });
    const raced = await request({ name: 'Rex Race', email: 'rex@example.com' });
    const declineLink = await decideLink(declined.id);
    const raceLink = await decideLink(raced.id);

    const { context, page, errors } = await newPage(browser, { timezoneId: 'UTC' });
    try {
      await page.goto(declineLink);
      await page.getByLabel('Reason if you decline (optional)').fill('Fully booked that week');
      await page.getByRole('button', { name: 'Decline' }).click();
      await page.getByRole('status').filter({ hasText: 'Declined.' }).waitFor();
      const after = await status(declined.id);
      assert.equal(after.status, 'declined');
      assert.equal(after.decline_reason, 'Fully booked that week');

      // The page is open while the host confirms elsewhere: the second decision is refused,
      // said so, and the buttons go.
      await page.goto(raceLink);
      await page.getByRole('button', { name: 'Decline' }).waitFor();
      await server.api('POST', `/bookings/${raced.id}/confirm`, { cookie });
      await page.getByRole('button', { name: 'Decline' }).click();
      await page.getByRole('alert').filter({ hasText: /\S/ }).waitFor();
      await page.getByRole('button', { name: 'Decline' }).waitFor({ state: 'detached' });
      assert.equal((await status(raced.id)).status, 'confirmed', 'the first decision stands');
      await assertAccessible(page, 'the decide page after a refused decision');
      // The refused POST (409, or 404 once the link stopped working) is logged by the browser
      // itself; nothing else may be.
      assert.deepEqual(errors.filter((e) => !/40[49]/.test(e)), [], 'no other console errors');
    } finally {
      await context.close();
    }
  });

  test('a guest’s request says so, can be withdrawn; the dashboard lists requests first with Confirm', async () => {
    await awayFromSlotBoundary();
    const guest = await newPage(browser, { timezoneId: 'UTC' });
    const host = await newPage(browser, { timezoneId: 'UTC' });
    try {
      const { page } = guest;
      await page.goto(`${server.base}/book/${hostSlug}/consultation`);
      await timeButtons(page).first().click();
      await page.getByLabel('Name', { exact: true }).fill('Greta Guest');
      await page.getByLabel('Email', { exact: true }).fill('greta@example.com');
      await page.getByRole('button', { name: 'Send request' }).click();
      await page.getByRole('heading', { name: 'Request sent' }).waitFor();
      await page.getByText(`${HOST.name} will confirm or decline; you’ll get an email.`).waitFor();
      assert.equal(await page.getByRole('link', { name: /meet\.jit\.si/ }).count(), 0, 'no meeting link yet');
      await assertAccessible(page, 'the request confirmation');

      // The host's dashboard: the request first, marked, with Confirm and Decline.
      const [name, value] = cookie.split('=');
      await host.context.addCookies([{ name, value, url: server.base }]);
      await host.page.goto(`${server.base}/dashboard`);
      const first = host.page.locator('.meetings > li').first();
      await first.getByText('Request', { exact: true }).waitFor();
      await first.getByText('Greta Guest').waitFor();
      await host.page.getByRole('button', { name: 'Decline the request of Greta Guest' }).waitFor();
      await host.page.getByRole('button', { name: 'Confirm the request of Greta Guest' }).waitFor();
      await assertAccessible(host.page, 'the dashboard with a request');

      // The guest withdraws it from their page.
      await page.getByRole('link', { name: 'View or withdraw the request' }).click();
      await page.getByText('Request pending').waitFor();
      assert.equal(await page.getByRole('link', { name: /meet\.jit\.si/ }).count(), 0);
      await page.getByRole('button', { name: 'Withdraw request' }).click();
      await page.getByRole('button', { name: 'Yes, withdraw request' }).click();
      await page.getByText('This booking is cancelled').waitFor();

      // Another request, confirmed from the dashboard, becomes a meeting with Start Meeting.
      await request({ name: 'Carl Confirm', email: 'carl@example.com' });
      await host.page.goto(`${server.base}/dashboard`);
      await host.page.getByRole('button', { name: 'Confirm the request of Carl Confirm' }).click();
      await host.page.getByRole('link', { name: 'Start Meeting with Carl Confirm' }).waitFor();
      assert.deepEqual(guest.errors, [], 'no console errors (guest)');
      assert.deepEqual(host.errors, [], 'no console errors (host)');
    } finally {
      await guest.context.close();
      await host.context.close();
    }
  });
});
