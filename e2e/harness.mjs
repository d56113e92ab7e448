// What the browser tests and the screenshot recipe share: the real release binary on a free
// loopback port with a fresh SQLite database, Debian's Chromium driven by playwright-core, pages
// whose requests never leave 127.0.0.1 (the Jitsi host answers with a local stub), and axe-core.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { createServer as createHttpServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium } from 'playwright-core';

const HERE = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

/** The server binary: $SMARTCAL_BIN, else the release build of $CARGO_TARGET_DIR or target/. */
export const BINARY =
  process.env.SMARTCAL_BIN ??
  resolve(HERE, '..', process.env.CARGO_TARGET_DIR ?? 'target', 'release', 'smartcal');
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
export const UI_TIMEOUT = 15_000;
export const JITSI = 'https://meet.jit.si';
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

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

/**
 * One running `smartcal serve` with its own database; `stop()` ends it and removes its files.
 * `env` adds to (or overrides) the server's environment, e.g. Jitsi token auth.
 */
export class Server {
  static async start({ env = {} } = {}) {
    assert.ok(existsSync(BINARY), `${BINARY} is missing: run cargo build --release -p smartcal-server`);
    const s = new Server();
    s.dataDir = mkdtempSync(join(tmpdir(), 'smartcal-e2e-'));
    const port = await freePort();
    s.base = `http://127.0.0.1:${port}`;
    s.log = '';
    s.child = spawn(BINARY, ['serve'], {
      cwd: s.dataDir, // no stray .env is picked up
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: s.dataDir,
        DATABASE_URL: `sqlite://${join(s.dataDir, 'e2e.db')}`,
        SMARTCAL_BIND: `127.0.0.1:${port}`,
        SMARTCAL_RATE_LIMIT_PER_MINUTE: '0',
        // The calendars test adds a loopback address on purpose.
        SMARTCAL_OUTBOUND_ALLOW_PRIVATE: 'true',
        JITSI_BASE_URL: JITSI,
        RUST_LOG: 'warn',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk) => {
      s.log = (s.log + chunk.toString()).slice(-20_000);
    };
    s.child.stdout.on('data', keep);
    s.child.stderr.on('data', keep);
    let exited = null;
    s.child.on('exit', (code, signal) => {
      exited = `code ${code}, signal ${signal}`;
    });
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (exited) throw new Error(`smartcal exited during start-up (${exited}):\n${s.log}`);
      try {
        const res = await fetch(`${s.base}/api/v1/health`);
        if (res.ok) return s;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`smartcal did not become healthy in 60 s:\n${s.log}`);
      await sleep(100);
    }
  }

  async stop() {
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      const gone = new Promise((ok) => child.once('exit', ok));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await gone;
      clearTimeout(timer);
    }
    if (this.dataDir) rmSync(this.dataDir, { recursive: true, force: true });
  }

  /** fetch against the API; JSON in and out; throws with the body on an unexpected status. */
  async api(method, path, { body, cookie, headers = {}, expect = [200, 201] } = {}) {
    const res = await fetch(`${this.base}/api/v1${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(cookie ? { cookie } : {}),
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

  /**
   * The emails delivered so far: the file mailer's `.eml` files (the default mail dir,
   * `data/outbox` under the server's working directory), each with its text parts decoded.
   */
  emails() {
    const dir = join(this.dataDir, 'data', 'outbox');
    if (!existsSync(dir)) return [];
    return readdirSync(dir)
      .filter((name) => name.endsWith('.eml'))
      .map((name) => {
        const raw = readFileSync(join(dir, name), 'utf8');
        return { name, raw, text: decodeMime(raw) };
      });
  }

  /** Waits until a delivered email's decoded text matches `pattern`; returns the match. */
  async waitForEmail(pattern, timeout = 30_000) {
    const deadline = Date.now() + timeout;
    for (;;) {
      for (const mail of this.emails()) {
        const found = pattern.exec(mail.text);
        if (found) return found;
      }
      if (Date.now() > deadline) throw new Error(`no email matched ${pattern} in ${timeout} ms`);
      await sleep(200);
    }
  }

  /** Signs a host up through the API; returns the host and its session cookie. */
  async signup(host) {
    const { res, json } = await this.api('POST', '/auth/signup', { body: host });
    const session = res.headers.getSetCookie().find((c) => c.startsWith('smartcal_session='));
    assert.ok(session, 'signup sets the session cookie');
    return { host: json, cookie: session.split(';')[0] };
  }
}

/**
 * The text of a MIME message with every part's body decoded (quoted-printable, base64), so
 * links can be searched for whatever encoding the mailer chose.
 */
function decodeMime(raw) {
  return raw
    .split(/\r?\n--[^\r\n]*\r?\n/)
    .map((chunk) => {
      const at = chunk.search(/\r?\n\r?\n/);
      if (at < 0) return chunk;
      const head = chunk.slice(0, at);
      const body = chunk.slice(at).trim().replace(/\r?\n--[^\r\n]*--\s*$/, '');
      const encoding = /content-transfer-encoding:\s*([\w-]+)/i.exec(head)?.[1]?.toLowerCase();
      if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
      if (encoding === 'quoted-printable') {
        const bytes = body
          .replace(/=\r?\n/g, '')
          .replace(/=([0-9A-F]{2})/gi, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
        return Buffer.from(bytes, 'latin1').toString('utf8');
      }
      return body;
    })
    .join('\n');
}

/** Debian's Chromium, headless. */
export function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/**
 * A fresh browser context (own cookies) whose requests stay on 127.0.0.1: the Jitsi host gets
 * a local stub page (and each URL asked for is recorded in `jitsi`), everything else is aborted.
 * `errors` collects console errors and uncaught exceptions.
 */
export async function newPage(browser, options = {}) {
  const context = await browser.newContext({ locale: 'en-US', ...options });
  context.setDefaultTimeout(UI_TIMEOUT);
  const jitsi = [];
  const errors = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1') return route.continue();
    if (url.origin === JITSI) {
      jitsi.push(route.request().url());
      return route.fulfill({
        status: 200,
        contentType: 'text/html',
        body: '<!doctype html><title>Jitsi (stub)</title><p>meeting room stub</p>',
      });
    }
    return route.abort();
  });
  context.on('page', (p) => {
    p.on('console', (msg) => {
      if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
    });
    p.on('pageerror', (err) => errors.push(`page error: ${err.message}`));
  });
  const page = await context.newPage();
  return { context, page, jitsi, errors };
}

/** Runs axe-core in `page`; returns the serious and critical violations (with their nodes). */
export async function seriousViolations(page, context = undefined) {
  // Evaluated through the DevTools protocol, not added as a <script>: the pages' CSP allows
  // no inline scripts, and the tests keep that CSP on.
  await page.evaluate(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
  const result = await page.evaluate(
    (ctx) => window.axe.run(ctx ?? document, { resultTypes: ['violations'] }),
    context,
  );
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary}`),
    }));
}

/**
 * Slots start on the half hour and may be booked until they start (min notice 0): right before a
 * boundary the first offered slot could start while the test books it, so wait that moment out.
 */
export async function awayFromSlotBoundary() {
  const half = 30 * 60_000;
  const left = half - (Date.now() % half);
  if (left < 30_000) await sleep(left + 2_000);
}

/** The time buttons of the chosen day on a booking page. */
export function timeButtons(page) {
  return page.locator('section.times button.slot');
}

/**
 * On an open booking page: picks the first free time of the day shown, fills the form and
 * confirms. Returns the time clicked (`HH:MM`), its day's label and the confirmation's links.
 */
export async function bookFirstTime(page, guest) {
  const first = timeButtons(page).first();
  await first.waitFor();
  const hm = (await first.textContent()).trim();
  const day = (await page.locator('section.times .times-day').textContent()).trim();
  await first.click();
  await page.getByLabel('Name', { exact: true }).fill(guest.name);
  await page.getByLabel('Email', { exact: true }).fill(guest.email);
  if (guest.notes) await page.getByLabel('Notes', { exact: true }).fill(guest.notes);
  await page.getByRole('button', { name: 'Confirm booking' }).click();
  await page.getByRole('heading', { name: 'You are booked' }).waitFor();
  const meetingUrl = await page.getByRole('link', { name: 'Join the video call' }).getAttribute('href');
  const manageUrl = await page.getByRole('link', { name: 'Change or cancel' }).getAttribute('href');
  return { hm, day, meetingUrl, manageUrl };
}

/**
 * A host's own website on another loopback origin (another port of 127.0.0.1), for the embed:
 * answers `pages[path]` (HTML text; the object may be filled in after the start) and 404
 * otherwise. `stop()` ends it.
 */
export async function hostSite(pages = {}) {
  const http = createHttpServer((req, res) => {
    const html = pages[new URL(req.url, 'http://site').pathname];
    res.writeHead(html === undefined ? 404 : 200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html ?? 'not found');
  });
  await new Promise((ok) => http.listen(0, '127.0.0.1', ok));
  return {
    base: `http://127.0.0.1:${http.address().port}`,
    pages,
    stop: () =>
      new Promise((ok) => {
        http.closeAllConnections();
        http.close(ok);
      }),
  };
}
