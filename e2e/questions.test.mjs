// Browser tests of SPEC §9's questions and private invites: the booking form renders an
// agenda's questions by kind, marks a missing required answer at its field, sends each answer
// with its JSON type, and an unlisted agenda opens only with an invite.

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

const HOST = { email: 'q-host@example.com', name: 'Quinn Host', password: 'q-password-123', time_zone: 'UTC' };
const ALL_DAY = WEEKDAYS.map((weekday) => ({ weekday, start: '00:00', end: '24:00' }));
const QUESTIONS = [
  { key: 'company', label: 'Company', kind: 'short_text', required: true },
  { key: 'team_size', label: 'Team size', kind: 'number', required: false },
  { key: 'topics', label: 'Topics', kind: 'multi_select', required: false, options: ['Pricing', 'Security', 'Integrations'] },
  { key: 'plan', label: 'Plan', kind: 'select', required: false, options: ['Free', 'Pro'] },
  { key: 'work_email', label: 'Work email', kind: 'email', required: false },
  { key: 'newsletter', label: 'Send me the newsletter', kind: 'checkbox', required: false },
  { key: 'details', label: 'Anything else', kind: 'long_text', required: false },
  { key: 'terms', label: 'I accept the terms', kind: 'checkbox', required: true },
];

let server;
let cookie;
let hostSlug;
let browser;

async function assertAccessible(page, what) {
  assert.deepEqual(await seriousViolations(page), [], `axe: no serious or critical violation on ${what}`);
}

/** The host's bookings of `email`, through the API. */
async function bookingOf(email) {
  const { json } = await server.api('GET', '/bookings?scope=all', { cookie });
  return json.items.find((b) => b.guest_email === email);
}

/** Picks the first free time on an open booking page and fills name and email. */
async function pickAndFill(page, guest) {
  await timeButtons(page).first().click();
  await page.getByLabel('Name', { exact: true }).fill(guest.name);
  await page.getByLabel('Email', { exact: true }).fill(guest.email);
}

describe('questions and invites in a browser', () => {
  before(async () => {
    server = await Server.start();
    let host;
    ({ host, cookie } = await server.signup(HOST));
    hostSlug = host.slug;
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close().catch(() => {});
    await server?.stop();
  });

  test('a guest answers the questions: a missing required one is marked, the answers are kept typed', async () => {
    const { json: agenda } = await server.api('POST', '/agendas', {
      cookie,
      body: {
        title: 'Discovery call',
        slug: 'discovery',
        duration_minutes: 30,
        time_zone: 'UTC',
        min_notice_minutes: 0,
        availability: ALL_DAY,
        questions: QUESTIONS,
      },
    });
    assert.equal(agenda.questions.length, QUESTIONS.length);

    await awayFromSlotBoundary();
    const { context, page, errors } = await newPage(browser, { timezoneId: 'UTC' });
    try {
      await page.goto(`${server.base}/book/${hostSlug}/discovery`);
      await timeButtons(page).first().waitFor();
      await pickAndFill(page, { name: 'Ava Answer', email: 'ava@example.com' });

      // Every kind has its labelled control.
      const company = page.getByLabel('Company (required)');
      await company.waitFor();
      assert.equal(await page.getByLabel('Team size').getAttribute('type'), 'number');
      assert.equal(await page.getByLabel('Work email').getAttribute('type'), 'email');
      assert.equal(await page.getByLabel('Anything else').evaluate((el) => el.tagName), 'TEXTAREA');
      assert.equal(await page.getByLabel('Plan').evaluate((el) => el.tagName), 'SELECT');
      assert.equal(await page.getByLabel('Send me the newsletter').getAttribute('type'), 'checkbox');
      const topics = page.getByRole('group', { name: 'Topics' });
      assert.equal(await topics.getByRole('checkbox').count(), 3);

      // Without the required answer: the field is marked and says why, and focus goes there.
      await page.getByRole('button', { name: 'Confirm booking' }).click();
      await page.waitForFunction(() => document.querySelector('#q-company')?.getAttribute('aria-invalid') === 'true');
      const describedBy = await company.getAttribute('aria-describedby');
      const message = (await page.locator(`#${describedBy}`).textContent()).trim();
      assert.ok(message.length > 0, 'the error is tied to the field');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'q-company');
      await assertAccessible(page, 'the booking form with a missing answer');
      assert.equal(await bookingOf('ava@example.com'), undefined, 'nothing was booked');

      // Answered, by keyboard where it matters.
      await company.fill('Acme');
      await page.getByLabel('Team size').fill('12');
      await topics.getByLabel('Security').check();
      await topics.getByLabel('Integrations').focus();
      await page.keyboard.press('Space');
      await page.getByLabel('Plan').selectOption('Pro');
      await page.getByLabel('Send me the newsletter').check();
      await page.getByLabel('Anything else').fill('Two lines\nof notes');

      // The required box is left for the server to refuse (422 `answers.terms`): its message
      // shows at the box.
      const terms = page.getByLabel('I accept the terms (required)');
      await page.getByRole('button', { name: 'Confirm booking' }).click();
      await page.waitForFunction(() => document.querySelector('#q-terms')?.getAttribute('aria-invalid') === 'true');
      assert.equal(await page.locator('#q-company').getAttribute('aria-invalid'), 'false');
      assert.ok((await page.locator('#q-terms-error').textContent()).trim().length > 0);
      assert.equal(await bookingOf('ava@example.com'), undefined, 'nothing was booked');
      await terms.check();
      await page.getByRole('button', { name: 'Confirm booking' }).click();
      await page.getByRole('heading', { name: 'You are booked' }).waitFor();
      assert.equal(await page.locator('#q-company').count(), 0);
      await assertAccessible(page, 'the confirmation');

      const booking = await bookingOf('ava@example.com');
      assert.ok(booking, 'the booking is stored');
      assert.deepEqual(booking.answers, [
        { key: 'company', label: 'Company', value: 'Acme' },
        { key: 'team_size', label: 'Team size', value: 12 },
        { key: 'topics', label: 'Topics', value: ['Security', 'Integrations'] },
        { key: 'plan', label: 'Plan', value: 'Pro' },
        { key: 'newsletter', label: 'Send me the newsletter', value: true },
        { key: 'details', label: 'Anything else', value: 'Two lines\nof notes' },
        { key: 'terms', label: 'I accept the terms', value: true },
      ], 'typed answers in question order; the unanswered optional email is left out');

      // The guest's page shows them.
      const manageUrl = await page.getByRole('link', { name: 'Change or cancel' }).getAttribute('href');
      await page.goto(manageUrl);
      await page.getByRole('heading', { name: 'Your booking' }).waitFor();
      await page.locator('dt', { hasText: 'Company' }).waitFor();
      assert.equal((await page.locator('dt:has-text("Company") + dd').textContent()).trim(), 'Acme');
      assert.equal((await page.locator('dt:has-text("Topics") + dd').textContent()).trim(), 'Security, Integrations');
      await assertAccessible(page, 'the guest’s booking page with answers');
      // The refused POST (422) is logged by the browser itself; nothing else may be.
      assert.deepEqual(errors.filter((e) => !/422/.test(e)), [], 'no other console errors');
    } finally {
      await context.close();
    }
  });

  test('an unlisted agenda opens only with an invite, which books once', async () => {
    const { json: agenda } = await server.api('POST', '/agendas', {
      cookie,
      body: {
        title: 'Private session',
        slug: 'private',
        duration_minutes: 30,
        time_zone: 'UTC',
        min_notice_minutes: 0,
        availability: ALL_DAY,
        listed: false,
      },
    });
    const { json: invite } = await server.api('POST', `/agendas/${agenda.id}/invites`, {
      cookie,
      body: { note: 'for Ivy' },
    });
    assert.match(invite.url, /\/book\/[^/]+\/private\?invite=/);

    await awayFromSlotBoundary();
    const { context, page, errors } = await newPage(browser, { timezoneId: 'UTC' });
    try {
      await page.goto(`${server.base}/book/${hostSlug}/private`);
      await page.getByRole('heading', { level: 1, name: 'Unknown agenda' }).waitFor();

      await page.goto(`${server.base}${new URL(invite.url).pathname}${new URL(invite.url).search}`);
      await page.getByRole('heading', { level: 1, name: 'Private session' }).waitFor();
      await pickAndFill(page, { name: 'Ivy Invited', email: 'ivy@example.com' });
      await page.getByRole('button', { name: 'Confirm booking' }).click();
      await page.getByRole('heading', { name: 'You are booked' }).waitFor();
      assert.ok(await bookingOf('ivy@example.com'), 'booked with the invite');
      const { json: invites } = await server.api('GET', `/agendas/${agenda.id}/invites`, { cookie });
      assert.equal(invites.items.find((i) => i.id === invite.id)?.state, 'used');
      // The lookups without a (valid) invite answer 404, which the browser logs itself.
      assert.deepEqual(errors.filter((e) => !/404|410/.test(e)), [], 'no other console errors');
    } finally {
      await context.close();
    }
  });

  test('the host edits questions, reminders and listing in the agenda editor and makes an invite', async () => {
    const { context, page, errors } = await newPage(browser, { timezoneId: 'UTC' });
    try {
      const [name, value] = cookie.split('=');
      await context.addCookies([{ name, value, url: server.base }]);
      await page.goto(`${server.base}/dashboard`);
      await page.getByRole('tab', { name: 'Agendas' }).click();
      await page.getByRole('button', { name: 'New agenda' }).click();
      await page.getByLabel('Title', { exact: true }).fill('Editor call');
      await page.getByLabel('Minimum notice (minutes)').fill('0');

      await page.getByRole('button', { name: 'Add a question' }).click();
      await page.getByLabel('Label', { exact: true }).fill('Company name?');
      await page.getByRole('button', { name: 'Add a question' }).click();
      const second = page.getByRole('group', { name: 'Question 2' });
      await second.getByLabel('Label').fill('Topics');
      await second.getByLabel('Key').fill('topics');
      await second.getByLabel('Answer type').selectOption('multi_select');
      await second.getByLabel('Options (one per line)').fill('Pricing');
      await second.getByLabel('Required').check();
      await page.getByRole('button', { name: 'Move up “Topics”' }).click();
      // At the top now: focus stays on the question, on the button that can still move it.
      await page.waitForFunction(() => document.activeElement?.getAttribute('aria-label') === 'Move down “Topics”');
      assert.equal(await page.getByRole('group', { name: 'Question 1' }).getByLabel('Label', { exact: true }).inputValue(), 'Topics');
      await page.getByRole('button', { name: 'Add a reminder 1 day before' }).click();
      await page.getByRole('button', { name: 'Add a reminder 1 h before' }).click();
      assert.equal(await page.getByLabel('Minutes before the start').inputValue(), '60, 1440');
      await page.getByLabel('Requires confirmation').check();
      await page.getByLabel('Listed', { exact: true }).uncheck();
      await assertAccessible(page, 'the agenda editor with questions');

      // One option is too few: the server's message shows at the options of that question.
      await page.getByRole('button', { name: 'Create agenda' }).click();
      const options = page.getByRole('group', { name: 'Question 1' }).getByLabel('Options (one per line)');
      await page.waitForFunction(() =>
        [...document.querySelectorAll('textarea')].some((t) => t.getAttribute('aria-invalid') === 'true'));
      assert.equal(await options.getAttribute('aria-invalid'), 'true');
      await assertAccessible(page, 'the agenda editor with a refused question');
      await options.fill('Pricing\nSecurity');
      await page.getByRole('button', { name: 'Create agenda' }).click();
      await page.getByRole('status').filter({ hasText: 'was created' }).waitFor();

      const { json: agendas } = await server.api('GET', '/agendas', { cookie });
      const made = agendas.items.find((a) => a.title === 'Editor call');
      assert.ok(made, 'the agenda is stored');
      assert.deepEqual(made.questions, [
        { key: 'topics', label: 'Topics', kind: 'multi_select', required: true, options: ['Pricing', 'Security'] },
        { key: 'company_name', label: 'Company name?', kind: 'short_text', required: false },
      ]);
      assert.deepEqual(made.reminders_minutes, [60, 1440]);
      assert.equal(made.requires_confirmation, true);
      assert.equal(made.listed, false);

      // An invite: the link is shown once, then listed as open; revoking removes it.
      await page.getByRole('button', { name: 'Invites for Editor call' }).click();
      await page.getByLabel('Note (whom it is for)').fill('for Olga');
      await page.getByRole('button', { name: 'Create invite' }).click();
      const link = await page.getByLabel('The new invite link').inputValue();
      assert.match(link, /\/book\/[^/]+\/editor-call\?invite=/);
      await page.getByRole('button', { name: 'Copy invite link' }).waitFor();
      await page.locator('.invite-list li', { hasText: 'for Olga' }).getByText('Open').waitFor();
      await assertAccessible(page, 'the Invites section');
      await page.getByRole('button', { name: /^Revoke the invite “.*for Olga.*”$/ }).click();
      await page.getByRole('dialog', { name: 'Revoke invite' }).getByRole('button', { name: 'Revoke', exact: true }).click();
      await page.getByText('No invites.').waitFor();
      const { json: invites } = await server.api('GET', `/agendas/${made.id}/invites`, { cookie });
      assert.equal(invites.items.length, 0);
      // The refused POST (422) is logged by the browser itself; nothing else may be.
      assert.deepEqual(errors.filter((e) => !/422/.test(e)), [], 'no other console errors');
    } finally {
      await context.close();
    }
  });
});
