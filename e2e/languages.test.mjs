// Browser tests of issue 17 (languages, SPEC §12): a guest whose browser asks for German books
// in German throughout (page, `<html lang>`, dates, the confirmation) and receives a German
// email whose date reads as the page did; a browser asking for a language SmartCal does not
// speak gets English; the switcher changes the page at once and is remembered; a host reads the
// dashboard in their account's language and changes it in the Account tab. axe stays clean in
// each language.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Server, awayFromSlotBoundary, launchBrowser, newPage, seriousViolations, timeButtons } from './harness.mjs';

const HOST = { email: 'lang-host@example.com', name: 'Lena Host', password: 'lang-password-123', time_zone: 'UTC' };

let server;
let bookingUrl;
let browser;

/** Text with every run of white space (ICU puts U+202F before AM/PM) as one plain space. */
const squash = (text) => text.replace(/\s+/g, ' ').trim();

/** Words only the English pages show (none is also German, French or Spanish). */
const ENGLISH = ['Next month', 'Confirm booking', 'Pick a day', 'Language'];

async function assertAccessible(page, what) {
  assert.deepEqual(await seriousViolations(page), [], `axe: no serious or critical violation on ${what}`);
}

describe('languages', () => {
  before(async () => {
    server = await Server.start();
    const { host, cookie } = await server.signup(HOST);
    const { json: agenda } = await server.api('POST', '/agendas', {
      cookie,
      body: {
        title: 'Sprachtest',
        slug: 'lang',
        duration_minutes: 30,
        time_zone: 'UTC',
        min_notice_minutes: 0,
        availability: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((weekday) => ({
          weekday,
          start: '00:00',
          end: '24:00',
        })),
      },
    });
    bookingUrl = `${server.base}/book/${host.slug}/${agenda.slug}`;
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('a German browser books in German throughout, and the email reads the date as the page did', async () => {
    await awayFromSlotBoundary();
    const { context, page, errors } = await newPage(browser, { locale: 'de-DE', timezoneId: 'UTC' });
    try {
      await page.goto(bookingUrl);
      const first = timeButtons(page).first();
      await first.waitFor();
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'de-DE');
      const body = squash(await page.locator('main').innerText());
      for (const english of ENGLISH) assert.ok(!body.includes(english), `no English “${english}” in: ${body}`);
      assert.ok(await page.getByRole('button', { name: 'Nächster Monat' }).isVisible());
      const day = squash(await page.locator('section.times .times-day').textContent());
      assert.match(day, /(Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag)/, day);
      assert.match(squash(await first.textContent()), /^\d\d:\d\d$/, 'a German clock has 24 hours');
      await assertAccessible(page, 'the German booking page');

      // The zone field finds a country by its German name.
      const field = page.getByRole('combobox', { name: 'Zeitzone' });
      await field.fill('Deutschland');
      const found = page.getByRole('listbox', { name: 'Gefundene Zeitzonen' }).getByRole('option').first();
      const option = squash(await found.textContent());
      assert.ok(option.startsWith('Deutschland') && option.includes('Europe/Berlin'), option);
      await field.fill('UTC');
      await page.keyboard.press('Escape');

      await first.click();
      await page.getByLabel('Name', { exact: true }).fill('Greta Gast');
      await page.getByLabel('E-Mail', { exact: true }).fill('greta@example.com');
      await page.getByRole('button', { name: 'Buchung bestätigen' }).click();
      await page.getByRole('heading', { name: 'Ihr Termin ist gebucht' }).waitFor();
      const shown = squash(await page.locator('p.when').textContent());
      assert.match(shown, /^(Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag), \d+\. /, shown);
      await assertAccessible(page, 'the German confirmation');

      // The guest's email (the host's account speaks English: "When:").
      const [, when] = await server.waitForEmail(/^Wann: (.*)$/m);
      const pageStart = shown.split(' – ')[0];
      const mailStart = squash(when).split(' – ')[0];
      assert.equal(mailStart, pageStart, 'the email writes the start as the page did');
      const mail = server.emails().find((m) => m.text.includes('Wann:'));
      assert.match(mail.text, /Ihr Termin ist bestätigt/);
      assert.match(mail.text, /Dauer: 30 Minuten/);
      assert.deepEqual(errors, [], 'no console errors');
    } finally {
      await context.close();
    }
  });

  test('a browser asking only for languages SmartCal does not speak gets English', async () => {
    const { context, page, errors } = await newPage(browser, { locale: 'ja-JP', timezoneId: 'UTC' });
    try {
      await page.goto(bookingUrl);
      await timeButtons(page).first().waitFor();
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
      assert.ok(await page.getByRole('button', { name: 'Next month' }).isVisible());
      const day = squash(await page.locator('section.times .times-day').textContent());
      assert.match(day, /(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)/, day);
      await assertAccessible(page, 'the English booking page');
      assert.deepEqual(errors, [], 'no console errors');
    } finally {
      await context.close();
    }
  });

  test('the switcher changes every word at once and is remembered after a reload', async () => {
    const { context, page, errors } = await newPage(browser, { locale: 'en-US', timezoneId: 'UTC' });
    try {
      await page.goto(bookingUrl);
      await timeButtons(page).first().waitFor();
      await page.getByLabel('Language').selectOption('fr');
      await page.getByRole('button', { name: 'Mois suivant' }).waitFor();
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'fr');
      const day = squash(await page.locator('section.times .times-day').textContent());
      assert.match(day, /(lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)/, day);
      await assertAccessible(page, 'the French booking page');

      await page.reload();
      await page.getByRole('button', { name: 'Mois suivant' }).waitFor();
      assert.equal(await page.getByLabel('Langue').inputValue(), 'fr');
      await page.getByLabel('Langue').selectOption('es');
      await page.getByRole('button', { name: 'Mes siguiente' }).waitFor();
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'es');
      assert.deepEqual(errors, [], 'no console errors');
    } finally {
      await context.close();
    }
  });

  test('a host reads the dashboard in their account’s language and changes it in the Account tab', async () => {
    const { cookie } = await server.signup({
      email: 'lang-de@example.com',
      name: 'Dora Host',
      password: 'lang-password-123',
      time_zone: 'UTC',
      locale: 'de',
    });
    // The browser asks for English: the account's language wins on the dashboard.
    const { context, page, errors } = await newPage(browser, { locale: 'en-US', timezoneId: 'UTC' });
    try {
      const [name, value] = cookie.split('=');
      await context.addCookies([{ name, value, url: server.base }]);
      await page.goto(`${server.base}/dashboard`);
      await page.getByRole('tab', { name: 'Anstehende Termine' }).waitFor();
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'de');
      await assertAccessible(page, 'the German dashboard');

      await page.getByRole('tab', { name: 'Konto' }).click();
      await page.getByLabel('Sprache des Dashboards und Ihrer E-Mails').selectOption('fr');
      await page.getByRole('tab', { name: 'Compte' }).waitFor();
      await page.getByText('Langue enregistrée').waitFor();
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'fr');
      const { json: me } = await server.api('GET', '/me', { cookie });
      assert.equal(me.locale, 'fr', 'the account keeps the new language');
      await assertAccessible(page, 'the French account tab');
      assert.deepEqual(errors, [], 'no console errors');
    } finally {
      await context.close();
    }
  });
});
