/**
 * The opt-in dashboard end to end: the real app (in-process, real HTTP), a scripted set of
 * conversations over /api/messages, then `/admin` in Debian's Chromium — sign in, the totals,
 * the chart, the item × purpose table and the dialogue map showing the script's numbers, a
 * language filter, the CSV download. Screenshots and the page load time go to test-results/.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipOrFailWithoutServer } from '../helpers/needs-server.ts';
import { startOptinApp, TOKENS } from '../helpers/optin-app.ts';
import { EXPECTED, playScript } from '../helpers/optin-script.ts';
import { RESULTS_DIR, chromiumMissing, launchChromium } from './browser.ts';

const missing = chromiumMissing();
if (missing) {
  skipOrFailWithoutServer('opt-in dashboard in Chromium', missing);
} else {
  let t: Awaited<ReturnType<typeof startOptinApp>>;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    const [app, b] = await Promise.allSettled([startOptinApp(), launchChromium()]);
    if (app.status === 'fulfilled') t = app.value;
    if (b.status === 'fulfilled') browser = b.value;
    if (app.status === 'rejected') throw app.reason;
    if (b.status === 'rejected') throw b.reason;
    await playScript(t.url);
    await t.sweepAbandoned(31);
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      acceptDownloads: true,
    });
    page = await context.newPage();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const ready = () => page.waitForSelector('body[data-state="ready"]', { timeout: 15_000 });
  const card = (key: string) => page.locator(`.card[data-key="${key}"] strong`).innerText();
  const tableRow = async (item: string, purpose: string) =>
    page.locator(`#items tr[data-item="${item}"][data-purpose="${purpose}"] td`).allInnerTexts();
  const mapLine = (journey: string, step: string) =>
    page.locator(`article[data-journey="${journey}"] li[data-step="${step}"]`).innerText();
  /** Waits until the page shows `text` in `selector` (figures render after the data arrives). */
  const shows = (selector: string, text: string) =>
    page.locator(selector).filter({ hasText: text }).first().waitFor({ timeout: 15_000 });

  describe('the opt-in dashboard in Chromium', () => {
    it('refuses a token it does not know', async () => {
      await page.goto(`${t.url}/admin`);
      await page.fill('#token', 'not-a-real-token-000000');
      await page.click('#sign-in-form button[type="submit"]');
      await shows('#sign-in-error', 'not accepted');
      expect(await page.locator('#dashboard').isHidden()).toBe(true);
    });

    it('signs in and shows the totals, the chart, the table and the map with the script’s rates', async () => {
      await page.fill('#token', TOKENS.marketer);
      await page.click('#sign-in-form button[type="submit"]');
      await ready();
      expect(await card('asks')).toBe('22');
      expect(await card('optInRate')).toBe('40.9%');
      const chart = await page.evaluate<{ sets: number; asks: number }>(`(() => {
        const c = window.Chart.getChart('trend');
        return { sets: c.data.datasets.length, asks: c.data.datasets[0].data.reduce((s, x) => s + (x ?? 0), 0) };
      })()`);
      expect(chart.sets).toBe(2);
      expect(chart.asks).toBeGreaterThan(0);
      const { asks, granted, declined, why, abandoned } = EXPECTED.mobile;
      expect(await tableRow('mobile', 'delivery-sms')).toEqual(
        ['mobile', 'delivery-sms', asks, granted, declined, why, abandoned, 0]
          .map(String)
          .concat(['56.3%', '37.5%', '31.3%', '6.3%']),
      );
      expect(await mapLine('order-delivery', 'sms-confirm')).toContain(
        'mobile number · delivery-sms: 56.3% opt-in (16 asks)',
      );
      expect(await mapLine('order-delivery', 'email-confirm')).toContain(
        'email address · delivery-email: 0% opt-in (6 asks)',
      );
      expect(
        await page.locator('article[data-journey="order-delivery"] .graph canvas').count(),
      ).toBeGreaterThan(0);
      await page.screenshot({ path: join(RESULTS_DIR, 'dashboard.png'), fullPage: true });
    });

    it('sorts the table by a column, and back', async () => {
      const items = () =>
        page.evaluate<string[]>(
          `[...document.querySelectorAll('#items tbody tr')].map((r) => r.getAttribute('data-purpose'))`,
        );
      expect(await items()).toEqual(['delivery-sms', 'delivery-email']);
      await page.click('#items th[data-key="asks"]');
      expect(await items()).toEqual(['delivery-email', 'delivery-sms']);
      expect(await page.getAttribute('#items th[data-key="asks"]', 'aria-sort')).toBe('ascending');
      await page.click('#items th[data-key="asks"]');
      expect(await items()).toEqual(['delivery-sms', 'delivery-email']);
    });

    it('filters by language: the Dutch customers only, small groups shown as "<5"', async () => {
      await page.selectOption('#locale', 'nl');
      await ready();
      await shows('.card[data-key="asks"] strong', '9');
      expect(await tableRow('mobile', 'delivery-sms')).toEqual([
        'mobile',
        'delivery-sms',
        '6',
        '3',
        '3',
        '3',
        '0',
        '0',
        '50%',
        '50%',
        '50%',
        '0%',
      ]);
      expect((await tableRow('email', 'delivery-email')).slice(2, 4)).toEqual(['<5', '<5']);
      expect(await mapLine('order-delivery', 'sms-confirm')).toContain('50% opt-in (6 asks)');
      expect(await mapLine('order-delivery', 'email-confirm')).toContain('<5 asks');
      await page.screenshot({ path: join(RESULTS_DIR, 'dashboard-nl.png'), fullPage: true });
    });

    it('downloads the CSV of what it shows', async () => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#csv')]);
      expect(download.suggestedFilename()).toMatch(/^optins-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
      const file = join(RESULTS_DIR, 'dashboard-optins.csv');
      await download.saveAs(file);
      const lines = readFileSync(file, 'utf8').trimEnd().split('\r\n');
      expect(lines[0]).toMatch(/^item,purpose,asks,/);
      expect(lines).toContain(
        'mobile,delivery-sms,6,6,0,3,0,3,0,3,0,0,0,0,0,0,0,0,0.5000,0.5000,0.5000,0.0000',
      );
      expect(lines.at(-1)).toMatch(/^total,,9,/);
    });

    it('loads, signed in, with every figure drawn in well under 5 s', async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      await context.addInitScript(
        `sessionStorage.setItem('justask.admin.token', ${JSON.stringify(TOKENS.marketer)})`,
      );
      const fresh = await context.newPage();
      const started = performance.now();
      await fresh.goto(`${t.url}/admin`);
      await fresh.waitForSelector('body[data-state="ready"]', { timeout: 15_000 });
      const loadMs = Math.round(performance.now() - started);
      const inPageMs = Number(await fresh.getAttribute('body', 'data-load-ms'));
      writeFileSync(join(RESULTS_DIR, 'dashboard-load.json'), JSON.stringify({ loadMs, inPageMs }) + '\n');
      console.log(`dashboard page load: ${loadMs} ms to every figure drawn (${inPageMs} ms in the page)`);
      expect(loadMs).toBeLessThan(5_000);
      await context.close();
    });
  });
}
