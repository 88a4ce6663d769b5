import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAlbFixture, type AlbFixture, type AlbResponse } from '../support/alb-fixture.js';
import type { RequestRecord } from '../support/request-records.js';
import { startTargetServers, type TargetServer } from '../support/target-servers.js';

// The traffic inspector page (issue 7) in a real browser: Debian's chromium, headless, driven by
// playwright-core. Real HTTP traffic goes through an ALB listener while the page is open; the
// test asserts that the live stream and the distribution charts show it, that hostile header
// values appear as text and inject nothing, and keeps a screenshot (test/artifacts/inspector.png).

/**
 * What the page functions (page.evaluate, waitForFunction) use of the browser's globals: the e2e
 * tsconfig has no DOM types, and adding them would retype Node's fetch for every other test.
 */
interface PageGlobals {
  document: {
    querySelectorAll(selector: string): { length: number };
    getElementById(id: string): { textContent: string | null } | null;
  };
  Chart: { getChart(id: string): { data: { labels: string[]; datasets: Array<{ label: string; data: number[] }> } } | undefined };
  __injected?: string;
}

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), '..', 'artifacts');

/** Markup in every header the page shows: it must come out as text, and run nothing. */
const HOSTILE_USER_AGENT = `<img src=x onerror="window.__injected='user-agent'"></script><script>window.__injected='script'</script>`;
const HOSTILE_HOST = `<img src=x onerror="window.__injected='host'">`;
const HOSTILE_COOKIE = `app=<img src=x onerror="window.__injected='cookie'"></script>`;

/** Fresh clients, each sending a second request with the AWSALB cookie its first answer set. */
const CLIENTS = 3;
const REQUESTS = CLIENTS * 2 + 1;

let targets: TargetServer[];
let alb: AlbFixture;
let browser: Browser;
let page: Page;
const published: RequestRecord[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`no chromium at ${CHROMIUM}: run scripts/ensure-chromium.sh (or set CHROMIUM_PATH)`);
  targets = await startTargetServers(2, 'inspector-ui');
  alb = await startAlbFixture({ targets, stickiness: 'lb_cookie' });
  alb.elbow.requestRecords.subscribe((record) => void published.push(record));
  // --no-sandbox: CI runs as root, where chromium's sandbox refuses to start.
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  // Script errors and console errors (a blocked resource, a CSP violation) show a broken page.
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => void (message.type() === 'error' && pageErrors.push(message.text())));
});

afterAll(async () => {
  await browser?.close();
  await alb?.stop();
  await Promise.all((targets ?? []).map((target) => target.close()));
});

function awsalbOf(response: AlbResponse): string | undefined {
  const line = response.rawHeaders.find(([name, value]) => name.toLowerCase() === 'set-cookie' && value.startsWith('AWSALB='));
  return line?.[1].split(';')[0];
}

describe('the traffic inspector page', () => {
  it('shows real traffic in the live stream and the charts, as text', async () => {
    await page.goto(`${alb.elbow.endpoint}/_elbow/ui`);
    await page.waitForSelector('#connection[data-state="live"]');

    async function send(path: string, { host, cookie }: { host?: string; cookie?: string } = {}) {
      const headers: Record<string, string> = { 'User-Agent': HOSTILE_USER_AGENT, ...(host === undefined ? {} : { Host: host }), ...(cookie === undefined ? {} : { Cookie: cookie }) };
      const response = await alb.send(path, { headers });
      expect(response.status, path).toBe(200);
      return response;
    }
    for (let client = 0; client < CLIENTS; client++) {
      const first = await send(`/client-${client}/first`);
      const awsalb = awsalbOf(first);
      expect(awsalb, 'the lb_cookie group sets AWSALB').toBeDefined();
      await send(`/client-${client}/again`, { cookie: `${awsalb}; ${HOSTILE_COOKIE}` });
    }
    await send('/hostile-host', { host: HOSTILE_HOST });

    // The proxy's own records: the page shows nothing else, so a proxy that stops publishing fails here.
    await expect.poll(() => published.length).toBeGreaterThanOrEqual(REQUESTS);

    // The stream: one row per request, newest first.
    await page.waitForFunction((count) => (globalThis as unknown as PageGlobals).document.querySelectorAll('#stream-rows tr').length >= count, REQUESTS);
    const rows = await page.$$eval('#stream-rows tr', (trs) =>
      trs.map((tr) => ({
        userAgent: tr.querySelector('[data-field="user-agent"]')?.textContent,
        host: tr.querySelector('[data-field="host"]')?.textContent,
        target: tr.querySelector('[data-field="target"]')?.textContent,
        session: tr.getAttribute('data-session'),
        text: tr.textContent ?? '',
      })),
    );
    expect(rows).toHaveLength(REQUESTS);
    expect(rows.map(({ userAgent }) => userAgent)).toEqual(Array.from({ length: REQUESTS }, () => HOSTILE_USER_AGENT));
    expect(rows[0]?.host).toBe(HOSTILE_HOST);
    expect(rows[0]?.text).toContain('/hostile-host');
    const targetLabels = targets.map((target) => `127.0.0.1:${target.port}`);
    for (const row of rows) expect(targetLabels).toContain(row.target);
    // Each client's second request was a sticky hit on its first request's target.
    expect(rows.filter(({ text }) => text.includes('/again')).every(({ text }) => text.includes('hit'))).toBe(true);
    // One client, one session label: its first request (no cookie yet) and its second (a resealed
    // AWSALB) share a fingerprint.
    for (let client = 0; client < CLIENTS; client++) {
      const sessionOf = (path: string) => rows.find(({ text }) => text.includes(`/client-${client}/${path}`))?.session;
      expect(sessionOf('first'), `client ${client}`).toMatch(/^[0-9a-f]{10}$/);
      expect(sessionOf('again'), `client ${client}`).toBe(sessionOf('first'));
    }

    // Nothing was injected: no element came from the data, and no handler ran.
    expect(await page.$$eval('#stream-rows img, #stream-rows script, #stream-rows iframe', (elements) => elements.length)).toBe(0);
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).__injected)).toBeUndefined();

    // The charts: per target, the bars add up to what the API counts in the page's window.
    const apiByTarget = (await (await fetch(`${alb.elbow.endpoint}/_elbow/api/distribution?by=target&windowSeconds=300`)).json()) as { total: number; buckets: Array<{ label: string; group: string; count: number }> };
    expect(apiByTarget.total).toBe(REQUESTS);
    const expectedBars = Object.fromEntries(apiByTarget.buckets.map(({ label, group, count }) => [`${label} (${group})`, count]));
    const chartBars = () =>
      page.evaluate(() => {
        const chart = (globalThis as unknown as PageGlobals).Chart.getChart('target-chart');
        const bars: Record<string, number> = {};
        chart?.data.labels.forEach((label, index) => (bars[label] = chart.data.datasets.reduce((sum, dataset) => sum + (dataset.data[index] ?? 0), 0)));
        return bars;
      });
    await expect.poll(chartBars).toEqual(expectedBars);
    expect(Object.values(expectedBars).reduce((sum, count) => sum + count, 0)).toBe(REQUESTS);
    const groupChartTotal = await page.evaluate(() => {
      const chart = (globalThis as unknown as PageGlobals).Chart.getChart('group-chart');
      return chart?.data.datasets.flatMap((dataset) => dataset.data).reduce((sum, count) => sum + count, 0);
    });
    expect(groupChartTotal).toBe(REQUESTS);
    expect(await page.textContent('#window-summary')).toContain(`${REQUESTS} requests in the window`);

    // The resource tree: both targets, healthy.
    const health = await page.$$eval('[data-target] [data-health]', (badges) => badges.map((badge) => badge.textContent));
    expect(health).toEqual(['healthy', 'healthy']);

    expect(pageErrors).toEqual([]);

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'inspector.png'), fullPage: true });

    // Following one session: its fingerprint shows that session's requests alone, until cleared.
    const fingerprint = await page.getAttribute('#stream-rows tr button.session', 'data-session');
    expect(fingerprint).toMatch(/^[0-9a-f]{10}$/);
    await page.click(`#stream-rows button.session[data-session="${fingerprint}"]`);
    const visible = () => page.$$eval('#stream-rows tr', (trs) => trs.filter((tr) => !(tr as unknown as { hidden: boolean }).hidden).map((tr) => tr.getAttribute('data-session')));
    const shown = await visible();
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.length).toBeLessThan(REQUESTS);
    expect(new Set(shown)).toEqual(new Set([fingerprint]));
    await page.click('#session-filter');
    expect(await visible()).toHaveLength(REQUESTS);
  });

  it('decodes a cookie through the API, or says plainly that this elbow cannot', async () => {
    const response = await alb.send('/for-a-cookie');
    const awsalb = awsalbOf(response) ?? 'AWSALB=missing';
    await page.fill('#cookie-input', awsalb);
    await page.click('#cookie-form button');
    await page.waitForFunction(() => {
      const text = (globalThis as unknown as PageGlobals).document.getElementById('cookie-result')?.textContent ?? '';
      return text !== '' && text !== 'decoding…';
    });
    const shown = await page.textContent('#cookie-result');
    // Before branch h/explain is merged the route is not served (404); after, the cookie's target shows.
    expect(shown).toMatch(/This elbow has no cookie decoder|127\.0\.0\.1:\d+/);
  });

  it('shows a decoder error message as text', async () => {
    await page.fill('#cookie-input', `AWSALB=<img src=x onerror="window.__injected='decoder'">`);
    await page.click('#cookie-form button');
    await page.waitForFunction(() => {
      const text = (globalThis as unknown as PageGlobals).document.getElementById('cookie-result')?.textContent ?? '';
      return text !== '' && text !== 'decoding…';
    });
    expect(await page.$$eval('#cookie-result img, #cookie-result script', (elements) => elements.length)).toBe(0);
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).__injected)).toBeUndefined();
  });
});
