// The booking page inside a host's own website (`/embed.js`, README "Embed on your site"): a
// page on another loopback origin embeds it inline and as a popup; a guest books inside the
// frame; the frame grows with its content; the host's pages refuse to be framed. And how many
// bytes a guest's cold visit transfers before the first time shows.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { gzipSync } from 'node:zlib';
import {
  Server,
  WEEKDAYS,
  awayFromSlotBoundary,
  hostSite,
  launchBrowser,
  newPage,
  seriousViolations,
  timeButtons,
} from './harness.mjs';

const HOST = { email: 'embed-host@example.com', name: 'Embed Host', password: 'embed-password-123', time_zone: 'UTC' };

/**
 * What a guest's cold visit to the booking page of an agenda with office hours may transfer
 * (HTML, JS, wasm, CSS, API answers; Chromium takes the brotli files on 127.0.0.1) until the
 * first time button shows. It was 466–513 KB with the one-wasm SPA (7 December 2026); the guest
 * build and compressed JSON brought it to 359 KB, the client's move to fetch to 310 KB, the four
 * languages (issue 17) back to 347 KB. SPEC §13's 150 KB is not met yet: this holds today's size
 * with a margin (e2e/guest_weight.test.mjs measures the booking and manage pages).
 */
const COLD_BOOKING_PAGE_MAX_BYTES = 360 * 1024;

let server;
let site; // the host's own website, another origin
let cookie;
let hostSlug;
let agenda;
let browser;

const bookingUrl = () => `${server.base}/book/${hostSlug}/${agenda.slug}`;

/** The site's pages; made once the server's address and the agenda are known. */
function sitePages() {
  const target = `${hostSlug}/${agenda.slug}`;
  const page = (title, body) =>
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head>` +
    `<body><main><h1>${title}</h1>${body}</main></body></html>`;
  const script = `<script src="${server.base}/embed.js"></script>`;
  const listen = `<script>window.booked = []; SmartCal.on('booked', (m) => window.booked.push(m));</script>`;
  return {
    '/inline.html': page('Acme consulting', `<p>Pick a time below.</p><div data-smartcal-inline="${target}"></div>${script}${listen}`),
    '/popup.html': page('Acme support', `<button type="button" data-smartcal-popup="${target}">Book a call</button>${script}${listen}`),
    // Hand-made frames: what the pages send where, and which pages may be framed at all.
    '/messages.html': page(
      'Messages',
      `<script>window.got = []; addEventListener('message', (e) => { const f = [...document.querySelectorAll('iframe')].find((x) => x.contentWindow === e.source); got.push({ frame: f && f.id, origin: e.origin, type: e.data && e.data.type }); });</script>` +
        `<iframe id="wrong" title="wrong origin" src="${bookingUrl()}?embed=1&amp;origin=${encodeURIComponent('http://127.0.0.1:9')}"></iframe>` +
        `<iframe id="referrer" title="no origin given" src="${bookingUrl()}?embed=1"></iframe>`,
    ),
    '/frames.html': page(
      'Frames',
      `<script>window.loaded = []; function done(f) { loaded.push(f.id); }</script>` +
        ['book', 'dashboard', 'login']
          .map((id) => {
            const src = id === 'book' ? bookingUrl() : `${server.base}/${id}`;
            return `<iframe id="${id}" title="${id}" src="${src}" onload="done(this)"></iframe>`;
          })
          .join(''),
    ),
  };
}

/** The content frame of the iframe `selector` in `page`. */
async function frameOf(page, selector) {
  const el = page.locator(selector);
  await el.waitFor();
  return (await el.elementHandle()).contentFrame();
}

/**
 * Waits until the embedded page fits its frame (the page posts its height, the embed script
 * sets it): no scrolling inside the frame. Returns the frame's height.
 */
async function fits(frame, step) {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const m = await frame.evaluate(() => ({
      scrollHeight: document.documentElement.scrollHeight,
      clientHeight: document.documentElement.clientHeight,
    }));
    if (m.scrollHeight <= m.clientHeight) return m.clientHeight;
    if (Date.now() > deadline) {
      assert.fail(`${step}: the embedded page scrolls inside its frame (${JSON.stringify(m)})`);
    }
    await sleep(100);
  }
}

async function assertAccessible(target, what) {
  assert.deepEqual(await seriousViolations(target), [], `axe: no serious or critical violation on ${what}`);
}

describe('SmartCal embedded in another website', () => {
  before(async () => {
    server = await Server.start();
    let host;
    ({ host, cookie } = await server.signup(HOST));
    hostSlug = host.slug;
    ({ json: agenda } = await server.api('POST', '/agendas', {
      cookie,
      body: {
        title: 'Embedded intro call',
        slug: 'embedded-intro',
        description: 'Booked from the host’s own website.',
        duration_minutes: 30,
        time_zone: 'UTC',
        min_notice_minutes: 0,
        availability: WEEKDAYS.map((weekday) => ({ weekday, start: '00:00', end: '24:00' })),
      },
    }));
    site = await hostSite();
    Object.assign(site.pages, sitePages());
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close().catch(() => {});
    await site?.stop();
    await server?.stop();
  });

  test('embed.js is one small script', async () => {
    const res = await fetch(`${server.base}/embed.js`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /^text\/javascript/);
    assert.equal(res.headers.get('content-security-policy'), null);
    const text = await res.text();
    const gzip = gzipSync(Buffer.from(text)).length;
    console.log(`embed.js: ${text.length} bytes, ${gzip} gzip`);
    assert.ok(gzip <= 5 * 1024, `embed.js is ${gzip} bytes gzip (at most 5 KB)`);
  });

  test('inline: a guest books inside the frame, the frame grows with it, the page hears of it', async () => {
    await awayFromSlotBoundary();
    const { context, page, errors } = await newPage(browser, { timezoneId: 'UTC', viewport: { width: 1024, height: 700 } });
    try {
      await page.goto(`${site.base}/inline.html`);
      const iframe = page.locator('iframe[data-smartcal-frame]');
      const src = new URL(await iframe.getAttribute('src'));
      assert.equal(src.origin, server.base);
      assert.equal(src.pathname, `/book/${hostSlug}/${agenda.slug}`);
      assert.equal(src.searchParams.get('embed'), '1');
      assert.equal(src.searchParams.get('origin'), site.base, 'the frame is told the page’s origin');
      const frame = await frameOf(page, 'iframe[data-smartcal-frame]');

      // Step 1: calendar and times, without the site header, on the page's background.
      await frame.getByRole('heading', { level: 1, name: agenda.title }).waitFor();
      await timeButtons(frame).first().waitFor();
      assert.equal(await frame.locator('.site-header').count(), 0, 'no site header inside the embed');
      const background = await frame.evaluate(() => [
        getComputedStyle(document.documentElement).backgroundColor,
        getComputedStyle(document.body).backgroundColor,
      ]);
      assert.deepEqual(background, ['rgba(0, 0, 0, 0)', 'rgba(0, 0, 0, 0)'], 'transparent');
      const heights = { times: await fits(frame, 'times') };
      assert.notEqual(heights.times, 480, 'the frame was resized from its first height');
      await assertAccessible(frame, 'the embedded booking page');

      // Step 2: the form.
      const first = timeButtons(frame).first();
      await first.click();
      await frame.getByLabel('Name', { exact: true }).waitFor();
      heights.form = await fits(frame, 'form');
      await frame.getByLabel('Name', { exact: true }).fill('Iris Inline');
      await frame.getByLabel('Email', { exact: true }).fill('iris@example.com');
      // A refused submit adds error messages: still no inner scrollbar.
      await frame.getByLabel('Email', { exact: true }).fill('not an address');
      await frame.getByRole('button', { name: 'Confirm booking' }).click();
      await frame.getByText('Please enter an email address').waitFor();
      heights.errors = await fits(frame, 'form with errors');
      await frame.getByLabel('Email', { exact: true }).fill('iris@example.com');
      await frame.getByRole('button', { name: 'Confirm booking' }).click();

      // Step 3: the confirmation, and the message to the page.
      await frame.getByRole('heading', { name: 'You are booked' }).waitFor();
      heights.confirmation = await fits(frame, 'confirmation');
      await assertAccessible(frame, 'the embedded confirmation');
      console.log(`embedded frame heights: ${JSON.stringify(heights)}`);
      assert.ok(new Set(Object.values(heights)).size > 1, `the frame follows its content: ${JSON.stringify(heights)}`);

      await page.waitForFunction(() => window.booked.length > 0);
      const messages = await page.evaluate(() => window.booked);
      assert.equal(messages.length, 1, JSON.stringify(messages));
      const { json: list } = await server.api('GET', '/bookings?scope=all', { cookie });
      const booking = list.items.find((b) => b.guest_email === 'iris@example.com');
      assert.ok(booking, 'the booking is stored');
      assert.equal(messages[0].type, 'smartcal:booked');
      assert.equal(messages[0].booking_id, booking.id);
      assert.equal(Date.parse(messages[0].start), Date.parse(booking.start));
      assert.deepEqual(errors, [], 'no console errors');
    } finally {
      await context.close();
    }
  });

  test('popup: opens by keyboard, keeps focus inside, Esc closes it and focus returns', async () => {
    const { context, page, errors } = await newPage(browser, { timezoneId: 'UTC' });
    const focusedText = () => page.evaluate(() => document.activeElement?.textContent ?? null);
    try {
      await page.goto(`${site.base}/popup.html`);
      const opener = page.getByRole('button', { name: 'Book a call' });
      await opener.waitFor();
      await page.keyboard.press('Tab');
      assert.equal(await focusedText(), 'Book a call');
      await page.keyboard.press('Enter');
      const dialog = page.getByRole('dialog', { name: 'Book a call' });
      await dialog.waitFor();
      assert.ok(await page.evaluate(() => Boolean(document.activeElement?.closest('dialog[open]'))), 'focus is inside the dialog');
      await dialog.getByRole('button', { name: 'Close' }).waitFor();
      // The page behind is inert: its button cannot take focus.
      await page.evaluate(() => document.querySelector('[data-smartcal-popup]').focus());
      assert.ok(await page.evaluate(() => Boolean(document.activeElement?.closest('dialog[open]'))), 'focus stays inside');
      const frame = await frameOf(page, 'dialog iframe');
      await timeButtons(frame).first().waitFor();
      await assertAccessible(page, 'the page with the open popup');

      // Esc with focus inside the booking page (another origin: it forwards the key).
      await page.keyboard.press('Tab');
      assert.ok(await frame.evaluate(() => document.hasFocus() && document.activeElement !== document.body), 'Tab moves into the booking page');
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      assert.equal(await focusedText(), 'Book a call', 'focus returns to the button');

      // Esc on the close button, and the close button itself.
      await page.keyboard.press('Enter');
      await dialog.waitFor();
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      assert.equal(await focusedText(), 'Book a call');
      await page.keyboard.press('Space');
      await dialog.waitFor();
      await page.keyboard.press('Enter'); // on the focused close button
      await dialog.waitFor({ state: 'detached' });
      assert.equal(await focusedText(), 'Book a call');
      assert.deepEqual(errors, [], 'no console errors');
    } finally {
      await context.close();
    }
  });

  test('the embedded page sends only to the embedding page’s origin', async () => {
    const { context, page } = await newPage(browser, { timezoneId: 'UTC' });
    try {
      await page.goto(`${site.base}/messages.html`);
      for (const id of ['wrong', 'referrer']) await timeButtons(await frameOf(page, `#${id}`)).first().waitFor();
      await page.waitForFunction(() => window.got.some((m) => m.frame === 'referrer'));
      await sleep(500);
      const got = await page.evaluate(() => window.got);
      assert.ok(got.every((m) => m.origin === server.base), JSON.stringify(got));
      assert.ok(!got.some((m) => m.frame === 'wrong'), `a frame told another origin sends nothing here: ${JSON.stringify(got)}`);
      assert.ok(got.some((m) => m.frame === 'referrer' && m.type === 'smartcal:height'), 'without &origin= the referrer’s origin is used');
    } finally {
      await context.close();
    }
  });

  test('the dashboard and login refuse to be framed; the booking page may be', async () => {
    const { context, page } = await newPage(browser, { timezoneId: 'UTC' });
    try {
      await page.goto(`${site.base}/frames.html`);
      await page.waitForFunction(() => window.loaded.length === 3);
      const book = await frameOf(page, '#book');
      await book.getByRole('heading', { level: 1, name: agenda.title }).waitFor();
      for (const id of ['dashboard', 'login']) {
        const frame = await frameOf(page, `#${id}`);
        assert.ok(!frame.url().startsWith(server.base), `${id} is not shown in a frame (${frame.url()})`);
        assert.equal(await frame.locator('main').count(), 0, `${id}: nothing of SmartCal rendered`);
      }
    } finally {
      await context.close();
    }
  });

  test('a cold visit to the booking page transfers less than the limit before the first time shows', async (t) => {
    // Office hours (not the all-day agenda above), so the month of times is a usual size.
    const { json: office } = await server.api('POST', '/agendas', {
      cookie,
      body: {
        title: 'Office hours',
        slug: 'office-hours',
        duration_minutes: 30,
        time_zone: 'Europe/Berlin',
        min_notice_minutes: 0,
        availability: WEEKDAYS.slice(0, 5).flatMap((weekday) => [
          { weekday, start: '09:00', end: '12:00' },
          { weekday, start: '13:00', end: '17:30' },
        ]),
      },
    });
    const { context, page } = await newPage(browser, { timezoneId: 'Europe/Berlin' });
    try {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
      const urls = new Map();
      const bytes = new Map();
      cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, e.request.url));
      cdp.on('Network.loadingFinished', (e) => bytes.set(e.requestId, e.encodedDataLength));
      const started = Date.now();
      await page.goto(`${server.base}/book/${hostSlug}/${office.slug}`);
      await timeButtons(page).first().waitFor();
      const ms = Date.now() - started;
      const seen = [...bytes].map(([id, n]) => ({ url: urls.get(id) ?? id, n }));
      const total = seen.reduce((sum, r) => sum + r.n, 0);
      const lines = seen.map((r) => `  ${String(r.n).padStart(8)}  ${r.url.replace(server.base, '')}`);
      const report = `cold booking page: ${total} bytes (${(total / 1024).toFixed(1)} KB) in ${seen.length} responses, first time after ${ms} ms\n${lines.join('\n')}`;
      console.log(report);
      t.diagnostic(report);
      assert.ok(total > 0);
      assert.ok(total <= COLD_BOOKING_PAGE_MAX_BYTES, `${total} bytes > ${COLD_BOOKING_PAGE_MAX_BYTES}`);
    } finally {
      await context.close();
    }
  });
});
