/**
 * Accessibility of the web chat page and the dashboard in Debian's Chromium: axe-core (injected
 * into the page) finds no violation on `/` and on `/admin` signed in; every control shows a focus
 * ring when reached by keyboard; on a 360 × 640 phone the chat's header takes at most 12 % of the
 * screen in every language; changing the language — with the arrow keys too — keeps the
 * conversation; the trend chart has its figures as text. Measurements go to test-results/.
 */
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipOrFailWithoutServer } from '../helpers/needs-server.ts';
import { startOptinApp, TOKENS } from '../helpers/optin-app.ts';
import { playScript } from '../helpers/optin-script.ts';
import { startServer, type ServerProcess } from '../helpers/server-process.ts';
import {
  RESULTS_DIR,
  botTexts,
  chromiumMissing,
  launchChromium,
  turn,
  type,
  waitForBotText,
} from './browser.ts';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const LANGS = ['en', 'nl', 'fr', 'de'] as const;

interface AxeResult {
  violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[];
}

/** axe-core's violations on the page as it is now (WCAG 2.0–2.2 A and AA, and best practice). */
async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE });
  const result = await page.evaluate<AxeResult>(
    `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } })`,
  );
  return result.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
}

/** The focused element's ring: outline or box-shadow, as the browser draws it. */
const FOCUS_RING = `(() => {
  const el = document.activeElement;
  const s = getComputedStyle(el);
  const within = el.closest('.webchat__send-box__main');
  const shadow = within ? getComputedStyle(within).boxShadow : 'none';
  return { tag: el.tagName, id: el.id || el.className, outline: s.outlineStyle !== 'none' ? parseFloat(s.outlineWidth) : 0, shadow };
})()`;

/** Tabs through the page; returns each focused control and whether it showed a ring. */
async function tabThrough(page: Page, steps: number): Promise<{ tag: string; id: string; ring: boolean }[]> {
  const seen: { tag: string; id: string; ring: boolean }[] = [];
  for (let i = 0; i < steps; i++) {
    await page.keyboard.press('Tab');
    const f = await page.evaluate<{ tag: string; id: string; outline: number; shadow: string }>(FOCUS_RING);
    if (f.tag === 'BODY') continue;
    seen.push({ tag: f.tag, id: f.id, ring: f.outline >= 2 || f.shadow !== 'none' });
  }
  return seen;
}

const missing = chromiumMissing();
if (missing) {
  skipOrFailWithoutServer('accessibility in Chromium', missing);
} else {
  let server: ServerProcess;
  let optin: Awaited<ReturnType<typeof startOptinApp>>;
  let browser: Browser;
  const dataDir = mkdtempSync(join(tmpdir(), 'justask-a11y-'));
  const figures: Record<string, unknown> = {};

  beforeAll(async () => {
    const [s, o, b] = await Promise.allSettled([
      startServer({ DATA_DIR: dataDir }),
      startOptinApp(),
      launchChromium(),
    ]);
    if (s.status === 'fulfilled') server = s.value;
    if (o.status === 'fulfilled') optin = o.value;
    if (b.status === 'fulfilled') browser = b.value;
    for (const r of [s, o, b]) if (r.status === 'rejected') throw r.reason;
    await playScript(optin.url);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await optin?.close();
    rmSync(dataDir, { recursive: true, force: true });
    writeFileSync(join(RESULTS_DIR, 'accessibility.json'), JSON.stringify(figures, null, 2));
  });

  /** A phone-sized page with the CSP bypassed, so axe-core can be injected. */
  async function phone(path: string, width = 360, height = 640): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width, height },
      bypassCSP: true,
      locale: 'en-GB',
    });
    const page = await context.newPage();
    await page.goto(`${server.url}${path}`);
    return page;
  }

  describe('the web chat page', () => {
    it.each(LANGS)('has a compact header on a 360 px phone in %s (≤ 12 % of the screen)', async (lng) => {
      const page = await phone(`/?lang=${lng}`);
      await page.locator('.webchat__bubble').first().waitFor({ timeout: 15_000 });
      const share = await page.evaluate<number>(
        `document.querySelector('header').getBoundingClientRect().height / window.innerHeight`,
      );
      figures[`headerShare360x640.${lng}`] = Math.round(share * 1000) / 10;
      expect(share).toBeLessThanOrEqual(0.12);
      await page.context().close();
    });

    it('has no axe-core violation, on a phone and on a desktop', async () => {
      for (const [w, h] of [
        [360, 640],
        [1280, 900],
      ] as const) {
        const page = await phone('/?lang=en', w, h);
        await waitForBotText(page, 'I only ask for personal data');
        expect(await axeViolations(page)).toEqual([]);
        await page.context().close();
      }
    }, 60_000);

    it('shows a focus ring on every control reached by keyboard, the send box included', async () => {
      const page = await phone('/?lang=en', 1280, 900);
      await waitForBotText(page, 'I only ask for personal data');
      const seen = await tabThrough(page, 12);
      expect(seen.map((s) => s.tag)).toEqual(expect.arrayContaining(['SELECT', 'INPUT', 'BUTTON']));
      expect(seen.filter((s) => !s.ring)).toEqual([]);
      await page.context().close();
    });

    it('keeps the conversation when the language changes, by arrow keys too (WCAG 3.2.2)', async () => {
      const page = await phone('/?lang=en', 1280, 900);
      await waitForBotText(page, 'I only ask for personal data');
      await turn(page, () => type(page, 'help'));
      const before = await botTexts(page);
      const user = await page.evaluate<string>("localStorage.getItem('justask.user')");
      await page.focus('#language');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      await page.locator('html[lang="fr"]').waitFor();
      expect(await page.locator('#language').inputValue()).toBe('fr');
      expect(await botTexts(page)).toEqual(before);
      expect(await page.locator('#announce').textContent()).toBe('La conversation continue en français.');
      const [reply] = await turn(page, () => type(page, 'aide'));
      expect(reply).toContain('Voici ce que je peux faire pour vous');
      expect((await botTexts(page)).slice(0, before.length)).toEqual(before);
      expect(await page.evaluate<string>("localStorage.getItem('justask.user')")).toBe(user);
      await page.context().close();
    }, 60_000);
  });

  describe('the dashboard at /admin', () => {
    async function signedIn(): Promise<Page> {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
      const page = await context.newPage();
      await page.goto(`${optin.url}/admin`);
      await page.fill('#token', TOKENS.marketer);
      await page.click('#sign-in-form button[type="submit"]');
      await page.waitForSelector('body[data-state="ready"]', { timeout: 15_000 });
      return page;
    }

    it('has no axe-core violation, signed out and signed in', async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
      const out = await context.newPage();
      await out.goto(`${optin.url}/admin`);
      await out.waitForSelector('body[data-state="signed-out"]');
      expect(await axeViolations(out)).toEqual([]);
      await context.close();
      const page = await signedIn();
      await page.locator('#trend-figures summary').click();
      expect(await axeViolations(page)).toEqual([]);
      await page.context().close();
    }, 60_000);

    it('gives the trend chart a text alternative: a summary and a table of every day', async () => {
      const page = await signedIn();
      const described = await page.getAttribute('#trend', 'aria-describedby');
      expect(await page.locator(`#${described ?? 'none'}`).innerText()).toMatch(
        /^\d+ days: .* asks in all, opt-in rate/,
      );
      const rows = await page.locator('#trend-table tr[data-day]').count();
      expect(rows).toBe(30);
      const cells = await page.locator('#trend-table tr[data-day]').last().locator('td').allInnerTexts();
      expect(cells).toHaveLength(2);
      await page.context().close();
    });

    it('shows a focus ring on every control reached by keyboard', async () => {
      const page = await signedIn();
      const seen = await tabThrough(page, 15);
      expect(seen.length).toBeGreaterThan(5);
      expect(seen.filter((s) => !s.ring)).toEqual([]);
      await page.context().close();
    });
  });
}
