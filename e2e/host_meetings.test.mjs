// Browser tests of the host's meetings (issue 19 item 10): each card shows the guest's email,
// the length and end, notes and answers, and "In progress" in words; Cancel asks for a reason
// in a modal dialog (Esc closes it, focus returns, the reason reaches the guest's email); the
// Cancelled list says who cancelled and why; the host reschedules from a dialog of free times;
// the host asks the guest to pick a new time and the guest's emailed link works. axe stays clean
// with every dialog open.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Server, WEEKDAYS, launchBrowser, newPage, seriousViolations } from './harness.mjs';

const HOST = { email: 'm-host@example.com', name: 'Mia Host', password: 'm-password-123', time_zone: 'UTC' };

let server;
let cookie;
let agenda;
let browser;
let slots = []; // free slot starts (UTC), handed out one per booking

async function assertAccessible(page, what) {
  assert.deepEqual(await seriousViolations(page), [], `axe: no serious or critical violation on ${what}`);
}

/** Books the next free slot through the API as a guest; returns the booking (with its token). */
async function book(guest) {
  const { json } = await server.api('POST', '/bookings', {
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

async function booking(id) {
  const { json } = await server.api('GET', `/bookings/${id}`, { cookie });
  return json;
}

/** A host page on the dashboard (UTC), its clock fixed at `now` when given. */
async function dashboard(now) {
  const opened = await newPage(browser, { timezoneId: 'UTC', locale: 'en-GB' });
  if (now) await opened.page.clock.setFixedTime(now);
  const [name, value] = cookie.split('=');
  await opened.context.addCookies([{ name, value, url: server.base }]);
  await opened.page.goto(`${server.base}/dashboard`);
  return opened;
}

const focusedLabel = (page) =>
  page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.id ?? '');
const focusInDialog = (page) => page.evaluate(() => Boolean(document.activeElement?.closest('dialog[open]')));

describe('the host’s meetings in a browser', () => {
  before(async () => {
    server = await Server.start();
    ({ cookie } = await server.signup(HOST));
    ({ json: agenda } = await server.api('POST', '/agendas', {
      cookie,
      body: {
        title: 'Review',
        slug: 'review',
        duration_minutes: 30,
        time_zone: 'UTC',
        min_notice_minutes: 120,
        availability: WEEKDAYS.map((weekday) => ({ weekday, start: '00:00', end: '24:00' })),
        questions: [{ key: 'company', label: 'Company', kind: 'short_text', required: false }],
      },
    }));
    const from = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const to = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10);
    const { json } = await server.api('GET', `/agendas/${agenda.id}/slots?from=${from}&to=${to}&time_zone=UTC`);
    // Every third slot: bookings never sit next to each other.
    slots = json.slots.map((s) => s.start).filter((_, i) => i % 3 === 0);
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close().catch(() => {});
    await server?.stop();
  });

  test('a card shows email, length and end, notes and answers; “In progress” in words while it runs', async () => {
    const running = await book({
      name: 'Nora Notes',
      email: 'nora@example.com',
      notes: 'Bring the Q3 numbers',
      answers: { company: 'ACME Ltd' },
    });
    const later = await book({ name: 'Leo Later', email: 'leo@example.com' });
    // The browser's clock five minutes into Nora's meeting.
    const { context, page, errors } = await dashboard(new Date(Date.parse(running.start) + 5 * 60_000));
    try {
      const card = page.locator('.meetings > li', { hasText: 'Nora Notes' });
      await card.waitFor();
      await card.getByRole('link', { name: 'nora@example.com' }).waitFor();
      const end = new Date(running.end);
      const hm = `${String(end.getUTCHours()).padStart(2, '0')}:${String(end.getUTCMinutes()).padStart(2, '0')}`;
      await card.getByText(`30 min, ends ${hm}`).waitFor();
      assert.equal(await card.locator('time').first().getAttribute('datetime'), end.toISOString().replace('.000Z', '+00:00'));
      assert.equal((await card.locator('dt:has-text("Notes") + dd').textContent()).trim(), 'Bring the Q3 numbers');
      assert.equal((await card.locator('dt:has-text("Company") + dd').textContent()).trim(), 'ACME Ltd');
      // In words, not colour only; the later meeting is not in progress.
      await card.getByText('In progress', { exact: true }).waitFor();
      const other = page.locator('.meetings > li', { hasText: 'Leo Later' });
      await other.getByRole('link', { name: 'leo@example.com' }).waitFor();
      assert.equal(await other.getByText('In progress', { exact: true }).count(), 0);
      assert.ok(later.id);
      await assertAccessible(page, 'the meeting cards');
      assert.deepEqual(errors, [], 'no console errors');
    } finally {
      await context.close();
    }
  });

  test('Cancel asks in a dialog: Esc closes it and focus returns; the reason reaches the guest; the Cancelled list says who and why', async () => {
    const cora = await book({ name: 'Cora Cancel', email: 'cora@example.com' });
    const { context, page, errors } = await dashboard();
    try {
      const cancel = page.getByRole('button', { name: 'Cancel the meeting with Cora Cancel' });
      await cancel.click();
      const dialog = page.getByRole('dialog', { name: 'Cancel meeting' });
      await dialog.waitFor();
      await dialog.getByText(/Cancel the meeting with .*Cora Cancel.* The guest will be told by email\./).waitFor();
      assert.ok(await focusInDialog(page), 'focus moves into the dialog');
      const reason = dialog.getByLabel('Reason (optional, told to the guest)');
      await reason.waitFor();
      await assertAccessible(page, 'the cancel dialog');
      // Focus stays inside while tabbing through it; the page behind is inert.
      for (let i = 0; i < 2; i++) {
        await page.keyboard.press('Tab');
        assert.ok(await focusInDialog(page), `focus stays in the dialog after Tab ${i + 1}`);
      }
      // Esc closes without cancelling; focus is back on the button that opened it.
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });
      assert.equal(await focusedLabel(page), 'Cancel the meeting with Cora Cancel');
      assert.equal((await booking(cora.id)).status, 'confirmed', 'Esc cancelled nothing');

      // “Keep it” closes too, focus back again.
      await cancel.click();
      await dialog.waitFor();
      await dialog.getByRole('button', { name: 'Keep it' }).click();
      await dialog.waitFor({ state: 'hidden' });
      assert.equal(await focusedLabel(page), 'Cancel the meeting with Cora Cancel');

      // With a reason, by keyboard: type, Tab to “Cancel meeting”, Enter.
      await cancel.click();
      await dialog.waitFor();
      await reason.focus();
      await page.keyboard.type('Sick today, sorry');
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement?.textContent?.trim()), 'Cancel meeting');
      await page.keyboard.press('Enter');
      await dialog.waitFor({ state: 'hidden' });
      await page.getByRole('status').filter({ hasText: 'Cancelled the meeting with Cora Cancel' }).waitFor();
      await cancel.waitFor({ state: 'detached' });
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'upcoming-list', 'focus lands on the list, not the page’s top');
      const after = await booking(cora.id);
      assert.equal(after.status, 'cancelled');
      assert.equal(after.cancel_reason, 'Sick today, sorry');
      assert.equal(after.cancelled_by, 'host');
      // The guest's email says who cancelled, and why.
      await server.waitForEmail(/Mia Host \(the host\) cancelled it\.[\s\S]*Reason: Sick today, sorry/);
      const toCora = server
        .emails()
        .find((m) => m.name.includes('-cancellation-guest-') && m.text.includes('Sick today, sorry'));
      assert.ok(toCora && /To: .*cora@example\.com/i.test(toCora.raw), 'the guest got it');

      // A guest's own cancel, for the list's other side.
      const gus = await book({ name: 'Gus Guest', email: 'gus@example.com' });
      await server.api('POST', `/bookings/${gus.id}/cancel?token=${gus.manage_token}`, {
        body: { reason: 'Found another slot' },
      });

      // The Cancelled list (in the Past tab): who cancelled, and why.
      await page.getByRole('tab', { name: 'Past' }).click();
      const section = page.getByRole('region', { name: 'Cancelled' });
      const coraItem = section.locator('li', { hasText: 'Cora Cancel' });
      await coraItem.getByText(/Cancelled by the host on /).waitFor();
      assert.equal((await coraItem.locator('dt:has-text("Reason") + dd').textContent()).trim(), 'Sick today, sorry');
      const gusItem = section.locator('li', { hasText: 'Gus Guest' });
      await gusItem.getByText(/Cancelled by the guest on /).waitFor();
      assert.equal((await gusItem.locator('dt:has-text("Reason") + dd').textContent()).trim(), 'Found another slot');
      await assertAccessible(page, 'the Cancelled list');
      assert.deepEqual(errors, [], 'no console errors');
    } finally {
      await context.close();
    }
  });

  test('Decline asks in the same dialog, axe clean; the reason reaches the request and the time is free again', async () => {
    const { json: asked } = await server.api('POST', '/agendas', {
      cookie,
      body: {
        title: 'Request call',
        slug: 'request-call',
        duration_minutes: 30,
        time_zone: 'UTC',
        min_notice_minutes: 120,
        requires_confirmation: true,
        availability: WEEKDAYS.map((weekday) => ({ weekday, start: '00:00', end: '24:00' })),
      },
    });
    const start = slots.shift();
    const { json: request } = await server.api('POST', '/bookings', {
      body: { agenda_id: asked.id, start, guest_name: 'Dina Decline', guest_email: 'dina@example.com', guest_time_zone: 'UTC' },
    });
    assert.equal(request.status, 'pending');
    const { context, page, errors } = await dashboard();
    try {
      await page.getByRole('button', { name: 'Decline the request of Dina Decline' }).click();
      const dialog = page.getByRole('dialog', { name: 'Decline request' });
      await dialog.getByText(/Decline the request of .*Dina Decline.*The guest will be told, and the time is free again\./).waitFor();
      await assertAccessible(page, 'the decline dialog');
      await dialog.getByLabel('Reason (optional, told to the guest)').fill('Fully booked that week');
      await dialog.getByRole('button', { name: 'Decline request' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await page.getByRole('status').filter({ hasText: 'Declined the request of Dina Decline.' }).waitFor();
      const after = await booking(request.id);
      assert.equal(after.status, 'declined');
      assert.equal(after.decline_reason, 'Fully booked that week');
      const day = start.slice(0, 10);
      const { json: free } = await server.api('GET', `/agendas/${asked.id}/slots?from=${day}&to=${day}&time_zone=UTC`, {
        headers: { 'Cache-Control': 'no-cache' },
      });
      assert.ok(free.slots.some((s) => s.start === start), 'the declined time is offered again');
      assert.deepEqual(errors, [], 'no console errors');
    } finally {
      await context.close();
    }
  });

  test('the host reschedules to a free time picked in a dialog', async () => {
    const rhea = await book({ name: 'Rhea Move', email: 'rhea@example.com' });
    const { context, page, errors } = await dashboard();
    try {
      await page.getByRole('button', { name: 'Reschedule the meeting with Rhea Move' }).click();
      const dialog = page.getByRole('dialog', { name: /Reschedule the meeting with .*Rhea Move/ });
      await dialog.waitFor();
      const times = dialog.locator('section.times button.slot');
      await times.first().waitFor();
      await assertAccessible(page, 'the reschedule dialog');
      // Esc closes it, focus back on Reschedule.
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });
      assert.equal(await focusedLabel(page), 'Reschedule the meeting with Rhea Move');

      await page.getByRole('button', { name: 'Reschedule the meeting with Rhea Move' }).click();
      await dialog.waitFor();
      // A time of the day shown other than the booking's own (which is free for its move).
      await times.first().waitFor();
      const own = new Date(rhea.start);
      const ownHm = `${String(own.getUTCHours()).padStart(2, '0')}:${String(own.getUTCMinutes()).padStart(2, '0')}`;
      const labels = await times.allTextContents();
      const index = labels.findIndex((t) => !t.includes(ownHm));
      assert.ok(index >= 0, `a time other than ${ownHm}: ${labels}`);
      await times.nth(index).click();
      await dialog.getByText(/Move the meeting with .*Rhea Move.* to .*\? Host and guest get an email\./).waitFor();
      await dialog.getByRole('button', { name: 'Move meeting' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await page.getByRole('status').filter({ hasText: 'Moved the meeting with Rhea Move' }).waitFor();
      const after = await booking(rhea.id);
      assert.notEqual(after.start, rhea.start, 'it moved');
      assert.equal(after.status, 'confirmed');
      assert.equal(after.sequence, 1);
      // Both sides are told.
      await server.waitForEmail(/Your meeting was rescheduled[\s\S]*Rhea Move/);
      assert.deepEqual(errors, [], 'no console errors');
    } finally {
      await context.close();
    }
  });

  test('the host asks the guest to pick a new time; the guest’s emailed link works, the old one not', async () => {
    const gail = await book({ name: 'Gail Guest', email: 'gail@example.com' });
    const oldLink = `${server.base}/booking/${gail.id}?token=${gail.manage_token}`;
    const host = await dashboard();
    const guest = await newPage(browser, { timezoneId: 'UTC' });
    try {
      const { page } = host;
      await page.getByRole('button', { name: 'Ask to reschedule: Gail Guest picks a new time' }).click();
      const dialog = page.getByRole('dialog', { name: 'Ask the guest to reschedule' });
      await dialog.waitFor();
      await dialog.getByText(/Ask .*Gail Guest.* to choose a new time\?/).waitFor();
      await assertAccessible(page, 'the ask-to-reschedule dialog');
      await dialog.getByLabel('Message to the guest (optional)').fill('Something came up on my side');
      await dialog.getByRole('button', { name: 'Send request' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await page.getByRole('status').filter({ hasText: 'Asked Gail Guest to choose a new time' }).waitFor();
      const card = page.locator('.meetings > li', { hasText: 'Gail Guest' });
      await card.getByText('New time requested', { exact: true }).waitFor();
      const after = await booking(gail.id);
      assert.equal(after.start, gail.start, 'it keeps its time until the guest moves it');
      assert.equal(after.status, 'confirmed');

      const [, link] = await server.waitForEmail(
        new RegExp(`Message from Mia Host:\\s*Something came up on my side[\\s\\S]*Choose a new time: (\\S+/booking/${gail.id}\\?token=[\\w-]+)`),
      );
      assert.ok(link.startsWith(server.base), link);
      await guest.page.goto(link);
      await guest.page.getByRole('heading', { name: 'Your booking' }).waitFor();
      await guest.page.getByText('Review').first().waitFor();
      // The page offers the new times (the manage page's Reschedule section).
      await guest.page.getByRole('heading', { name: 'Reschedule' }).waitFor();
      await guest.page.locator('section.times button.slot').first().waitFor();
      await guest.page.goto(oldLink);
      await guest.page.getByText('Booking not found or the link is invalid').waitFor();
      assert.deepEqual(host.errors, [], 'no console errors (host)');
      assert.deepEqual(guest.errors.filter((e) => !/404/.test(e)), [], 'no other console errors (guest)');
    } finally {
      await host.context.close();
      await guest.context.close();
    }
  });
});
