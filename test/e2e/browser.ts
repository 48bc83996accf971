/**
 * Browser helpers for the end-to-end tests: Debian's Chromium through playwright-core, and
 * reading Web Chat's transcript. Bot replies are counted as Web Chat's bubbles not from the user;
 * a probe installed before the page loads times each turn from the customer's action (Enter or a
 * button click) to the first reply bubble in the DOM — the latency the page shows.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const RESULTS_DIR = 'test-results';

export const chromiumMissing = (): string | undefined =>
  existsSync(CHROMIUM)
    ? undefined
    : `${CHROMIUM} is missing (scripts/install-chromium.sh installs Debian's chromium)`;

export function launchChromium(): Promise<Browser> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-gpu'],
  });
}

const BOT_BUBBLE = '.webchat__bubble:not(.webchat__bubble--from-user) .webchat__text-content';

/**
 * Runs in the page before its scripts (a string: the project's types have no DOM): records each
 * turn's latency in `window.__turnMs`.
 */
const LATENCY_PROBE = `(() => {
  const selector = ${JSON.stringify(BOT_BUBBLE)};
  window.__turnMs = [];
  let sentAt;
  let seen = 0;
  const sent = () => { sentAt = performance.now(); };
  addEventListener('keydown', (e) => { if (e.key === 'Enter') sent(); }, true);
  addEventListener('click', (e) => { if (e.target && e.target.closest && e.target.closest('button')) sent(); }, true);
  new MutationObserver(() => {
    const n = document.querySelectorAll(selector).length;
    if (n > seen && sentAt !== undefined) {
      window.__turnMs.push(performance.now() - sentAt);
      sentAt = undefined;
    }
    seen = n;
  }).observe(document, { childList: true, subtree: true });
})();`;

/** Opens a fresh browser context (a new customer) with the latency probe installed. */
export async function newCustomer(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 900, height: 900 } });
  const page = await context.newPage();
  await page.addInitScript({ content: LATENCY_PROBE });
  return page;
}

/** Web Chat renders markdown with typographic quotes; compare texts with plain ones. */
export const plain = (s: string) => s.replace(/[‘’]/g, "'").replace(/[“”]/g, '"').replace(/\s+/g, ' ').trim();

/** The texts of the bot's messages shown so far. */
export async function botTexts(page: Page): Promise<string[]> {
  const texts = await page.locator(BOT_BUBBLE).allInnerTexts();
  return texts.map(plain);
}

/** Does `action`, then waits for `replies` more bot messages and returns them. */
export async function turn(page: Page, action: () => Promise<void>, replies = 1): Promise<string[]> {
  const before = (await botTexts(page)).length;
  await action();
  await page
    .locator(BOT_BUBBLE)
    .nth(before + replies - 1)
    .waitFor({ timeout: 10_000 });
  return (await botTexts(page)).slice(before);
}

/** Waits until a bot message contains `fragment` (locators: the page's CSP forbids eval). */
export async function waitForBotText(page: Page, fragment: string): Promise<void> {
  await page.locator(BOT_BUBBLE, { hasText: fragment }).first().waitFor({ timeout: 10_000 });
}

/** Types `text` into Web Chat's send box and presses Enter. */
export async function type(page: Page, text: string): Promise<void> {
  const box = page.locator('[data-id="webchat-sendbox-input"]');
  await box.fill(text);
  await box.press('Enter');
}

/** Clicks the suggested action (button) labelled `title`. */
export async function press(page: Page, title: string): Promise<void> {
  await page.locator('.webchat__suggested-actions').getByRole('button', { name: title, exact: true }).click();
}

/** The per-turn latencies the probe recorded. */
export const turnLatencies = (page: Page): Promise<number[]> => page.evaluate<number[]>('window.__turnMs');

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length === 0 ? NaN : s.length % 2 ? (s[mid] ?? NaN) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};
