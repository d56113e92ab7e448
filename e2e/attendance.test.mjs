// Browser tests of SPEC §11's attendance on the dashboard: what the Jitsi server reports
// through prosody's event_sync module becomes the booking's attendance; Upcoming Meetings says
// "In progress" while a room is live, Past says who joined, when and for how long, and names a
// no-show in words.
//
// A past meeting needs a booking whose time has passed and whose no-show was decided after its
// events arrived: a first process with its clock three hours behind (SMARTCAL_CLOCK_OFFSET_SECONDS)
// takes the bookings and the event_sync reports, then a second one on the same database with
// the true clock finds the meetings over and decides the no-shows.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  Server,
  WEEKDAYS,
  awayFromSlotBoundary,
  launchBrowser,
  newPage,
  seriousViolations,
} from './harness.mjs';

const HOST = { email: 'a-host@example.com', name: 'Ada Host', password: 'a-password-123', time_zone: 'UTC' };
const SECRET = 'e2e-event-sync-secret-0123';
const BEHIND_SECONDS = 3 * 3600;
const MINUTE = 60;

let dbDir;
let server;
let cookie;
let host;
let agenda; // every day, all day, no notice
let browser;
const booked = {}; // name → booking

/** The environment both processes share: token auth, event_sync's secret, one database. */
function env(extra = {}) {
  return {
    JITSI_JWT_APP_ID: 'smartcal',
    JITSI_JWT_SECRET: 'e2e-attendance-secret-0123456789',
    JITSI_RESERVATION_SECRET: SECRET,
    DATABASE_URL: `sqlite://${join(dbDir, 'attendance.db')}`,
    ...extra,
  };
}

async function assertAccessible(page, selector, what) {
  assert.deepEqual(await seriousViolations(page, selector), [], `axe: no serious or critical violation on ${what}`);
}

/** Free slot starts (UTC) from `at`'s day on, as `on` offers them. */
async function slotsOf(on, at) {
  const from = new Date(at).toISOString().slice(0, 10);
  const to = new Date(at + 2 * 86_400_000).toISOString().slice(0, 10);
  const { json } = await on.api('GET', `/agendas/${agenda.id}/slots?from=${from}&to=${to}&time_zone=UTC`);
  return json.slots.map((s) => s.start);
}

async function book(on, start, name) {
  const email = `${name.split(' ')[0].toLowerCase()}@example.com`;
  const { json } = await on.api('POST', '/bookings', {
    headers: { 'Idempotency-Key': `attendance-${email}` },
    body: {
      agenda_id: agenda.id,
      start,
      guest_name: name,
      guest_email: email,
      guest_time_zone: 'UTC',
      answers: {},
    },
  });
  assert.equal(json.status, 'confirmed');
  return json;
}

/** One event_sync call as prosody's module makes it (its api_headers carry the secret). */
async function sync(on, path, body) {
  await on.api('POST', `/jitsi/events/${path}`, {
    headers: { authorization: `Bearer ${SECRET}`, 'user-agent': 'Prosody (0.12.4; posix)' },
    body,
    expect: [200],
  });
}

/** The attributes event_sync adds to every payload of a main room. */
const room = (b) => ({
  room_name: b.room_name,
  room_jid: `${b.room_name}@conference.meet.example.test`,
  is_breakout: false,
});
/** `context.user` of the tokens SmartCal mints: the host's id, the guest's `guest-{booking id}`. */
const hostUser = () => ({ name: host.name, email: host.email, id: host.id });
const guestUser = (b) => ({ name: b.guest_name, email: b.guest_email, id: `guest-${b.id}` });
const at = (b, minutes) => Math.floor(Date.parse(b.start) / 1000) + minutes * MINUTE;
/** An occupant as event_sync keeps it: the token's user, its JID, joined_at and left_at (Unix s). */
const occupant = (user, jid, joined, left) => ({
  ...user,
  occupant_jid: jid,
  joined_at: joined,
  ...(left ? { left_at: left } : {}),
});

/** A meeting as event_sync reports it: who came (user, joined, left in minutes after the start). */
async function report(on, b, people, endMinutes) {
  await sync(on, 'room/created', { ...room(b), event_name: 'muc-room-created', created_at: at(b, 0) });
  const all = people.map(([user, from, to], i) =>
    occupant(user, `occupant${i}@meet.example.test/tab${i}`, at(b, from), at(b, to)),
  );
  for (const [i, o] of all.entries()) {
    const { left_at, ...joined } = o;
    await sync(on, 'occupant/joined', {
      ...room(b),
      event_name: 'muc-occupant-joined',
      occupant: joined,
      active_occupants_count: i + 1,
    });
  }
  for (const o of all) {
    await sync(on, 'occupant/left', {
      ...room(b),
      event_name: 'muc-occupant-left',
      occupant: o,
      active_occupants_count: 0,
    });
  }
  await sync(on, 'room/destroyed', {
    ...room(b),
    event_name: 'muc-room-destroyed',
    created_at: at(b, 0),
    destroyed_at: at(b, endMinutes),
    all_occupants: all,
  });
}

async function booking(id) {
  const { json } = await server.api('GET', `/bookings/${id}`, { cookie });
  return json;
}

/** Text with every run of white space (ICU puts U+202F before AM/PM) as one plain space. */
const squash = (text) => text.replace(/\s+/g, ' ').trim();

/** A logged-in dashboard page in the browser (its zone differs from the host's UTC). */
async function dashboard() {
  const opened = await newPage(browser, { timezoneId: 'America/New_York' });
  const [name, value] = cookie.split('=');
  await opened.context.addCookies([{ name, value, url: server.base }]);
  await opened.page.goto(`${server.base}/dashboard`);
  return opened;
}

/** The dashboard list entry of the meeting with `guest`. */
const entry = (page, panel, guest) => page.locator(`${panel} li.meeting`).filter({ hasText: guest });

describe('attendance on the dashboard', () => {
  before(async () => {
    await awayFromSlotBoundary();
    dbDir = mkdtempSync(join(tmpdir(), 'smartcal-attendance-'));
    // Three hours ago: book two meetings and report them as they went.
    const earlier = await Server.start({ env: env({ SMARTCAL_CLOCK_OFFSET_SECONDS: String(-BEHIND_SECONDS) }) });
    try {
      ({ host, cookie } = await earlier.signup(HOST));
      ({ json: agenda } = await earlier.api('POST', '/agendas', {
        cookie,
        body: {
          title: 'Intro call',
          slug: 'intro',
          duration_minutes: 30,
          time_zone: 'UTC',
          min_notice_minutes: 0,
          availability: WEEKDAYS.map((weekday) => ({ weekday, start: '00:00', end: '24:00' })),
        },
      }));
      const then = await slotsOf(earlier, Date.now() - BEHIND_SECONDS * 1000);
      booked.came = await book(earlier, then[0], 'Pia Present');
      booked.missed = await book(earlier, then[1], 'Noah Absent');
      // Both came: the host from 0 to 32 min, the guest from 2 to 29 min.
      await report(earlier, booked.came, [[hostUser(), 0, 32], [guestUser(booked.came), 2, 29]], 32);
      // The guest never came: the host waited 20 min.
      await report(earlier, booked.missed, [[hostUser(), 1, 21]], 21);
    } finally {
      await earlier.stop();
    }

    // Now: those meetings are over, and the no-shows are decided from what was reported.
    server = await Server.start({ env: env() });
    const deadline = Date.now() + 30_000;
    const decided = async () =>
      (await booking(booked.came.id)).no_show === 'none' && (await booking(booked.missed.id)).no_show === 'guest';
    while (!(await decided())) {
      assert.ok(Date.now() < deadline, 'the no-shows are decided within 30 s');
      await sleep(250);
    }
    // A meeting about to begin whose room the host has opened.
    booked.live = await book(server, (await slotsOf(server, Date.now()))[0], 'Liv Live');
    const now = Math.floor(Date.now() / 1000);
    await sync(server, 'room/created', { ...room(booked.live), event_name: 'muc-room-created', created_at: now });
    await sync(server, 'occupant/joined', {
      ...room(booked.live),
      event_name: 'muc-occupant-joined',
      occupant: occupant(hostUser(), 'host@meet.example.test/live', now),
      active_occupants_count: 1,
    });
    // And one whose room nobody opened.
    booked.later = await book(server, (await slotsOf(server, Date.now()))[1], 'Lea Later');
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close().catch(() => {});
    await server?.stop();
    if (dbDir) rmSync(dbDir, { recursive: true, force: true });
  });

  test('the API carries what event_sync reported', async () => {
    const came = await booking(booked.came.id);
    assert.equal(came.attendance.host.minutes, 32);
    assert.equal(came.attendance.guest.minutes, 27);
    assert.equal(Date.parse(came.attendance.guest.joined_at), at(came, 2) * 1000);
    const missed = await booking(booked.missed.id);
    assert.equal(missed.attendance.guest.joined_at, null);
    assert.equal(missed.no_show, 'guest');
    const live = await booking(booked.live.id);
    assert.ok(live.attendance.started_at && !live.attendance.ended_at, 'the room is live');
    assert.equal((await booking(booked.later.id)).attendance, null);
  });

  test('Upcoming Meetings says In progress while the room is live', async () => {
    const { context, page, errors } = await dashboard();
    try {
      await page.getByRole('tab', { name: 'Upcoming Meetings', selected: true }).waitFor();
      const live = entry(page, '#panel-upcoming', 'Liv Live');
      await live.getByText('In progress', { exact: true }).waitFor();
      await live.getByText(/^Host joined .+, still in the room$/).waitFor();
      await live.getByText('Guest has not joined').waitFor();
      const later = entry(page, '#panel-upcoming', 'Lea Later');
      await later.waitFor();
      assert.equal(await later.getByText('In progress').count(), 0, 'a room nobody opened is not in progress');
      assert.equal(await later.locator('ul.attendance').count(), 0, 'nor has it attendance');
      await assertAccessible(page, '#panel-upcoming', 'Upcoming Meetings with a live room');
      assert.deepEqual(errors, [], 'no console errors');
    } finally {
      await context.close();
    }
  });

  test('Past says who joined, when and for how long, and the no-show in words', async () => {
    const { context, page, errors } = await dashboard();
    try {
      await page.getByRole('tab', { name: 'Past' }).click();
      // Join times are the host's zone's (UTC), as the browser formats them.
      const clock = (unix) =>
        page.evaluate(
          (ms) =>
            new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' }).format(
              new Date(ms),
            ),
          unix * 1000,
        );
      const lines = async (guest) => {
        const items = entry(page, '#panel-past', guest).locator('ul.attendance li');
        await items.first().waitFor();
        return (await items.allTextContents()).map(squash);
      };

      const came = booked.came;
      assert.deepEqual(await lines('Pia Present'), [
        squash(`Host joined ${await clock(at(came, 0))}, 32 min`),
        squash(`Guest joined ${await clock(at(came, 2))}, 27 min`),
      ]);
      assert.equal(await entry(page, '#panel-past', 'Pia Present').getByText('No-show').count(), 0);

      const missed = booked.missed;
      assert.deepEqual(await lines('Noah Absent'), [
        squash(`Host joined ${await clock(at(missed, 1))}, 20 min`),
        'Guest did not come',
      ]);
      await entry(page, '#panel-past', 'Noah Absent').getByText('No-show', { exact: true }).waitFor();
      await assertAccessible(page, '#panel-past', 'Past with attendance and a no-show');
      assert.deepEqual(errors, [], 'no console errors');
    } finally {
      await context.close();
    }
  });
});
