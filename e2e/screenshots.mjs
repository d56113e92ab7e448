// Regenerates the README's screenshots in docs/screenshots/: the booking page (desktop, phone
// and in a German browser), the host's public page, the confirmation, the dashboard (desktop and phone) and the
// booking page embedded in a host's website, from a fresh server with demo data.
// Run by `cargo xtask screenshots` (or `node e2e/screenshots.mjs` after a release build;
// `node e2e/screenshots.mjs embedded.png` takes only the named shots).

import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  Server,
  WEEKDAYS,
  awayFromSlotBoundary,
  hostSite,
  launchBrowser,
  newPage,
  timeButtons,
} from './harness.mjs';

const OUT = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'screenshots');
const DESKTOP = { viewport: { width: 1280, height: 800 } };
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
const ZONE = 'Europe/Berlin';
const ONLY = process.argv.slice(2);

const server = await Server.start();
const browser = await launchBrowser();
const site = await hostSite();
try {
  const { host, cookie } = await server.signup({
    email: 'ada@example.com',
    name: 'Ada Lovelace',
    password: 'screenshots-123',
    time_zone: ZONE,
  });
  const { json: agenda } = await server.api('POST', '/agendas', {
    cookie,
    body: {
      title: 'Intro call',
      slug: 'intro',
      description: 'Thirty minutes to see whether we can help you. The video link arrives by email.',
      duration_minutes: 30,
      time_zone: ZONE,
      min_notice_minutes: 0,
      availability: WEEKDAYS.flatMap((weekday) => [
        { weekday, start: '09:00', end: '12:00' },
        { weekday, start: '13:00', end: '17:30' },
      ]),
    },
  });
  await server.api('POST', '/agendas', {
    cookie,
    body: { title: 'Project review', slug: 'review', duration_minutes: 60, time_zone: ZONE, active: false },
  });
  const url = `${server.base}/book/${host.slug}/${agenda.slug}`;
  mkdirSync(OUT, { recursive: true });

  // Two guests, so the dashboard has meetings.
  const { json: slots } = await server.api(
    'GET',
    `/agendas/${agenda.id}/slots?time_zone=${encodeURIComponent(ZONE)}`,
  );
  for (const [i, guest] of [
    [2, 'Grace Hopper'],
    [9, 'Alan Turing'],
  ]) {
    await server.api('POST', '/bookings', {
      headers: { 'Idempotency-Key': `shot-${i}` },
      body: {
        agenda_id: agenda.id,
        start: slots.slots[i].start,
        guest_name: guest,
        guest_email: `${guest.split(' ')[0].toLowerCase()}@example.com`,
        guest_time_zone: ZONE,
      },
    });
  }

  const shoot = async (options, name, act) => {
    if (ONLY.length > 0 && !ONLY.includes(name)) return;
    const { context, page } = await newPage(browser, { timezoneId: ZONE, ...options });
    try {
      await act(page, context);
      // Let fonts and the last render settle.
      await page.waitForTimeout(300);
      await page.screenshot({ path: join(OUT, name), fullPage: !name.startsWith('dashboard') });
      console.log(`wrote docs/screenshots/${name}`);
    } finally {
      await context.close();
    }
  };

  await shoot(DESKTOP, 'booking-desktop.png', async (page) => {
    await page.goto(url);
    await timeButtons(page).first().waitFor();
  });
  // A German browser: the page, its dates and its clock in German.
  await shoot({ ...DESKTOP, locale: 'de-DE' }, 'booking-german.png', async (page) => {
    await page.goto(url);
    await timeButtons(page).first().waitFor();
  });
  await shoot(PHONE, 'booking-phone.png', async (page) => {
    await page.goto(url);
    await timeButtons(page).first().waitFor();
  });
  await shoot(DESKTOP, 'host-page.png', async (page) => {
    await page.goto(`${server.base}/book/${host.slug}`);
    await page.getByRole('link', { name: /Intro call/ }).first().waitFor();
  });
  await awayFromSlotBoundary();
  await shoot(PHONE, 'confirmation.png', async (page) => {
    await page.goto(url);
    await timeButtons(page).nth(1).click();
    await page.getByLabel('Name', { exact: true }).fill('Katherine Johnson');
    await page.getByLabel('Email', { exact: true }).fill('katherine@example.com');
    await page.getByRole('button', { name: 'Confirm booking' }).click();
    await page.getByRole('heading', { name: 'You are booked' }).waitFor();
  });
  const dashboard = async (page, context) => {
    const [name, value] = cookie.split('=');
    await context.addCookies([{ name, value, url: server.base }]);
    await page.goto(`${server.base}/dashboard`);
    await page.getByRole('link', { name: /^Start Meeting with/ }).first().waitFor();
  };
  await shoot(DESKTOP, 'dashboard.png', dashboard);
  await shoot(PHONE, 'dashboard-phone.png', dashboard);
  // The booking page in the host's own website (another origin), with /embed.js.
  site.pages['/'] =
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Ada Lovelace Consulting</title>' +
    '<style>body{margin:0;font:17px/1.5 Georgia,serif;background:#f6f1e7;color:#2b2118}' +
    'header{background:#2b2118;color:#f6f1e7;padding:1rem 2rem;font-size:1.25rem}' +
    'main{max-width:64rem;margin:0 auto;padding:1rem 2rem 2rem}</style></head>' +
    '<body><header>Ada Lovelace Consulting</header><main><h1>Book an intro call</h1>' +
    '<p>Pick a time that suits you; the video link arrives by email.</p>' +
    `<div data-smartcal-inline="${host.slug}/${agenda.slug}"></div></main>` +
    `<script src="${server.base}/embed.js"></script></body></html>`;
  await shoot(DESKTOP, 'embedded.png', async (page) => {
    await page.goto(`${site.base}/`);
    const iframe = page.locator('iframe[data-smartcal-frame]');
    await iframe.waitFor();
    await timeButtons(await (await iframe.elementHandle()).contentFrame()).first().waitFor();
    // Resized to its content by the page's messages.
    await page.waitForFunction(() => document.querySelector('iframe').style.height !== '480px');
  });
} finally {
  await site.stop();
  await browser.close().catch(() => {});
  await server.stop();
}
