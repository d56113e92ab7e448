// Browser end-to-end tests of the SmartCal SPA: the real release binary, real headless Chromium
// (Debian's /usr/bin/chromium driven by playwright-core), nothing leaves the machine.
// Run by `cargo xtask test` (or `npm test` here after `cargo build --release -p smartcal-server`).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium } from 'playwright-core';

const HERE = dirname(fileURLToPath(import.meta.url));
const BINARY = process.env.SMARTCAL_BIN ?? resolve(HERE, '../target/release/smartcal');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const UI_TIMEOUT = 15_000;
const HOST = { email: 'e2e-host@example.com', name: 'E2E Host', password: 'e2e-password-123', time_zone: 'UTC' };
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

let server; // child process
let serverLog = '';
let dataDir;
let base; // http://127.0.0.1:PORT
let cookie; // host session cookie, `name=value`
let hostSlug;
let agenda; // created agenda
let browser;

/** A free TCP port on 127.0.0.1 (the OS picks one). */
function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.unref();
    s.on('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

/** fetch against the server; JSON in and out; throws with the body on an unexpected status. */
async function api(method, path, { body, auth = false, headers = {}, expect = [200, 201] } = {}) {
  const res = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(auth ? { cookie } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!expect.includes(res.status)) {
    throw new Error(`${method} ${path} → ${res.status}: ${text}`);
  }
  return { res, json: text ? JSON.parse(text) : null };
}

function isoDate(d) {
  return d.toISOString().slice(0, 10);
}

/** Free slots (UTC) of the agenda over the next days. */
async function freeSlots() {
  const now = new Date();
  const from = isoDate(new Date(now.getTime() - 86_400_000));
  const to = isoDate(new Date(now.getTime() + 7 * 86_400_000));
  const { json } = await api('GET', `/agendas/${agenda.id}/slots?from=${from}&to=${to}&time_zone=UTC`);
  return json.slots;
}

async function startServer() {
  assert.ok(existsSync(BINARY), `${BINARY} is missing: run cargo build --release -p smartcal-server`);
  dataDir = mkdtempSync(join(tmpdir(), 'smartcal-e2e-'));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = spawn(BINARY, ['serve'], {
    cwd: dataDir, // no stray .env is picked up
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: dataDir,
      DATABASE_URL: `sqlite://${join(dataDir, 'e2e.db')}`,
      SMARTCAL_BIND: `127.0.0.1:${port}`,
      SMARTCAL_RATE_LIMIT_PER_MINUTE: '0',
      JITSI_BASE_URL: 'https://meet.jit.si',
      RUST_LOG: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (chunk) => {
    serverLog = (serverLog + chunk.toString()).slice(-20_000);
  };
  server.stdout.on('data', keep);
  server.stderr.on('data', keep);
  let exited = null;
  server.on('exit', (code, signal) => {
    exited = `code ${code}, signal ${signal}`;
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) throw new Error(`smartcal exited during start-up (${exited}):\n${serverLog}`);
    try {
      const res = await fetch(`${base}/api/v1/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`smartcal did not become healthy in 60 s:\n${serverLog}`);
    await sleep(100);
  }
}

async function stopServer() {
  if (!server || server.exitCode !== null || server.signalCode !== null) return;
  const gone = new Promise((ok) => server.once('exit', ok));
  server.kill('SIGTERM');
  const timer = setTimeout(() => server.kill('SIGKILL'), 5_000);
  await gone;
  clearTimeout(timer);
}

async function seed() {
  const { res, json: host } = await api('POST', '/auth/signup', { body: HOST });
  hostSlug = host.slug;
  const session = res.headers.getSetCookie().find((c) => c.startsWith('smartcal_session='));
  assert.ok(session, 'signup sets the session cookie');
  cookie = session.split(';')[0];
  ({ json: agenda } = await api('POST', '/agendas', {
    auth: true,
    body: {
      title: 'E2E intro call',
      slug: 'e2e-intro',
      duration_minutes: 30,
      time_zone: 'UTC',
      min_notice_minutes: 0,
      availability: WEEKDAYS.map((weekday) => ({ weekday, start: '00:00', end: '24:00' })),
    },
  }));
}

/** A fresh browser context (own cookies) whose requests stay on 127.0.0.1. */
async function newPage(options = {}) {
  const context = await browser.newContext({ locale: 'en-US', ...options });
  context.setDefaultTimeout(UI_TIMEOUT);
  await context.route('**/*', (route) => {
    const { hostname } = new URL(route.request().url());
    return hostname === '127.0.0.1' ? route.continue() : route.abort();
  });
  const page = await context.newPage();
  return { context, page };
}

function bookingUrl() {
  return `${base}/book/${hostSlug}/${agenda.slug}`;
}

/** The first time button of the booking page. */
function firstTime(page) {
  return page.locator('section.times button.slot').first();
}

/**
 * Slots start on the half hour and may be booked until they start (min notice 0): right before a
 * boundary the first offered slot could start while the test books it, so wait that moment out.
 */
async function awayFromSlotBoundary() {
  const half = 30 * 60_000;
  const left = half - (Date.now() % half);
  if (left < 30_000) await sleep(left + 2_000);
}

describe('SmartCal in a browser', () => {
  before(async () => {
    await startServer();
    await seed();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });

  after(async () => {
    await browser?.close().catch(() => {});
    await stopServer();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test('a guest books the first free time and gets a Jitsi link', async () => {
    await awayFromSlotBoundary();
    const { context, page } = await newPage({ timezoneId: 'UTC' });
    try {
      await page.goto(bookingUrl());
      await assert.doesNotReject(
        page.getByRole('heading', { level: 1, name: agenda.title }).waitFor(),
      );
      await page.getByRole('heading', { name: 'Available times' }).waitFor();
      const first = firstTime(page);
      await first.waitFor();
      const hm = (await first.textContent()).trim();
      assert.match(hm, /^\d\d:\d\d$/);
      await first.click();

      await page.getByLabel('Name', { exact: true }).fill('Grace Guest');
      await page.getByLabel('Email', { exact: true }).fill('grace@example.com');
      await page.getByLabel('Notes', { exact: true }).fill('Booked by the e2e test');
      await page.getByRole('button', { name: 'Confirm booking' }).click();

      await page.getByRole('heading', { name: 'You are booked' }).waitFor();
      const meeting = page.getByRole('link', { name: /meet\.jit\.si\/smartcal-/ });
      const href = await meeting.getAttribute('href');
      assert.match(href, /^https:\/\/meet\.jit\.si\/smartcal-[0-9a-f-]+-\d+-[a-z0-9]{10}$/);
      await page.getByRole('link', { name: 'Add to calendar' }).waitFor();

      const { json: list } = await api('GET', '/bookings?scope=all', { auth: true });
      const booking = list.items.find((b) => b.guest_email === 'grace@example.com');
      assert.ok(booking, 'the booking is stored');
      assert.equal(booking.meeting_url, href);
      assert.equal(booking.start.slice(11, 16), hm, 'the booked time is the one clicked (UTC page)');
      const starts = (await freeSlots()).map((s) => Date.parse(s.start));
      assert.ok(!starts.includes(Date.parse(booking.start)), 'the booked slot is no longer offered');
    } finally {
      await context.close();
    }
  });

  test('the host logs in and the Start Meeting link opens the booking’s room', async () => {
    // A booking of its own, well ahead, so this test does not depend on the one above.
    const slot = (await freeSlots())[6];
    const { json: created } = await api('POST', '/bookings', {
      headers: { 'Idempotency-Key': `e2e-${Date.now()}` },
      body: {
        agenda_id: agenda.id,
        start: slot.start,
        guest_name: 'Henry Host-Test',
        guest_email: 'henry@example.com',
        guest_time_zone: 'UTC',
      },
    });

    const { context, page } = await newPage({ timezoneId: 'UTC' });
    try {
      await page.goto(`${base}/login`);
      await page.getByLabel('Email', { exact: true }).fill(HOST.email);
      await page.getByLabel('Password', { exact: true }).fill(HOST.password);
      await page.getByRole('button', { name: 'Log in', exact: true }).click();
      await page.waitForURL(`${base}/dashboard`);
      await page.getByRole('tab', { name: 'Upcoming Meetings' }).waitFor();

      const start = page.getByRole('link', { name: 'Start Meeting with Henry Host-Test' });
      await start.waitFor();
      const { json: list } = await api('GET', '/bookings', { auth: true });
      const booking = list.items.find((b) => b.id === created.id);
      assert.ok(booking, 'GET /bookings lists the booking');
      assert.equal(await start.getAttribute('href'), booking.meeting_url);
      assert.equal(await start.getAttribute('target'), '_blank');
      assert.ok((await start.getAttribute('rel')).split(/\s+/).includes('noopener'));
    } finally {
      await context.close();
    }
  });

  test('switching the time zone shows the times in the new zone', async () => {
    const { context, page } = await newPage({ timezoneId: 'America/New_York' });
    try {
      await page.goto(bookingUrl());
      const zone = page.getByLabel('Time zone', { exact: true });
      await zone.waitFor();
      assert.equal(await zone.inputValue(), 'America/New_York');
      const first = firstTime(page);
      await first.waitFor();
      const before = (await first.textContent()).trim();
      assert.match(before, /^\d\d:\d\d$/);

      await zone.fill('Asia/Tokyo');
      await zone.press('Enter');
      await zone.blur();
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
    } finally {
      await context.close();
    }
  });
});
