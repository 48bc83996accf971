/**
 * The web chat page end to end: the real server (`npm start`'s entry, in a child process), the
 * page at `/` in Debian's Chromium, Web Chat over the local Direct Line, and the stored result
 * read back through the DPO admin API. Screenshots and the measured latency go to test-results/.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipOrFailWithoutServer } from '../helpers/needs-server.ts';
import { startServer, type ServerProcess } from '../helpers/server-process.ts';
import {
  RESULTS_DIR,
  botTexts,
  chromiumMissing,
  launchChromium,
  median,
  newCustomer,
  press,
  turn,
  turnLatencies,
  type,
  waitForBotText,
} from './browser.ts';

const DPO = 'dpo-e2e-token-0123456789';
/** WEBCHAT_TRANSPORT=polling measures Web Chat polling instead of the WebSocket. */
const TRANSPORT = process.env.WEBCHAT_TRANSPORT === 'polling' ? 'polling' : 'websocket';

/** What the customer does and reads, per language (fragments: wording may be polished). */
const LANGUAGES = {
  en: {
    title: 'Chat with us',
    label: 'Language',
    welcome: 'I only ask for personal data when a task needs it',
    help: 'help',
    helpText: 'I can help you with these tasks',
    journey: 'Deliver my order',
    slotPrompt: 'When would you like your order delivered?',
    slot: 'Evening',
    askMobile: "To SMS-confirm this delivery, what's your mobile number?",
    invalid: "That doesn't look like a valid phone number.",
    why: 'Why?',
    whyText: 'Legal basis: your consent, which you can withdraw at any time',
    askAgain: "So: what's your mobile number?",
    neverMobile: 'Never ask for my mobile number',
    mobile: '07911 123456',
    saved: "Thanks, I've saved your mobile number (•••• 456)",
    booked: "Your delivery is booked: we'll bring your order in the evening. We'll text •••• 456 on the day.",
    masked: '•••• 456',
    noThanks: 'No thanks',
    declined: 'No problem, nothing was saved.',
    askEmail: "To email-confirm this delivery, what's your email address?",
    noConfirm:
      "Your delivery is booked: we'll bring your order in the evening. We won't send a confirmation.",
  },
  nl: {
    title: 'Chat met ons',
    label: 'Taal',
    welcome: 'Ik vraag alleen om persoonsgegevens als dat voor een taak nodig is',
    help: 'hulp',
    helpText: 'Ik kan je helpen met de taken hieronder',
    journey: 'Bezorg mijn bestelling',
    slotPrompt: 'Wanneer wil je je bestelling laten bezorgen?',
    slot: 'Avond',
    askMobile: 'wat is je mobiele nummer?',
    invalid: 'Dat lijkt geen geldig telefoonnummer.',
    why: 'Waarom?',
    whyText: 'Rechtsgrond: je toestemming, die je op elk moment kunt intrekken',
    askAgain: 'Dus: wat is je mobiele nummer?',
    neverMobile: 'Vraag nooit meer naar mijn mobiele nummer',
    mobile: '06 12345678',
    saved: 'Bedankt, ik heb je mobiele nummer (•••• 678) opgeslagen',
    booked:
      "Je bezorging is ingepland: we brengen je bestelling 's avonds. Op de dag zelf sturen we een sms naar •••• 678.",
    masked: '•••• 678',
    noThanks: 'Nee, bedankt',
    declined: 'Geen probleem, er is niets opgeslagen.',
    askEmail: 'wat is je e-mailadres?',
    noConfirm: "Je bezorging is ingepland: we brengen je bestelling 's avonds. We sturen geen bevestiging.",
  },
} as const;
type Language = keyof typeof LANGUAGES;

interface Report {
  items: { item: string; value: string; grants: { purpose: string }[] }[];
  ledger: { event: string; item: string; purpose: string }[];
}

const missing = chromiumMissing();
if (missing) {
  skipOrFailWithoutServer('web chat in Chromium', missing);
} else {
  let server: ServerProcess;
  let browser: Browser;
  const dataDir = mkdtempSync(join(tmpdir(), 'justask-e2e-'));
  const latencies: number[] = [];

  beforeAll(async () => {
    // Settle both, so a browser that started is closed even when the server did not.
    const [s, b] = await Promise.allSettled([
      startServer({ DATA_DIR: dataDir, ADMIN_TOKENS: `dpo:${DPO}`, LOG_LEVEL: 'info' }),
      launchChromium(),
    ]);
    if (s.status === 'fulfilled') server = s.value;
    if (b.status === 'fulfilled') browser = b.value;
    if (s.status === 'rejected') throw s.reason;
    if (b.status === 'rejected') throw b.reason;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    if (latencies.length === 0) return;
    const summary = {
      transport: TRANSPORT,
      turns: latencies.length,
      medianMs: Math.round(median(latencies)),
      maxMs: Math.round(Math.max(...latencies)),
    };
    writeFileSync(
      join(RESULTS_DIR, `webchat-latency-${TRANSPORT}.json`),
      JSON.stringify({ ...summary, latencies }, null, 2),
    );
    console.log(
      `web chat reply latency seen by the page (${TRANSPORT}): median ${summary.medianMs} ms over ${summary.turns} turns`,
    );
  });

  /** Opens the page in `lng`: by `?lang=`, or by picking it in the language picker. */
  async function open(lng: Language, how: 'query' | 'picker'): Promise<Page> {
    const page = await newCustomer(browser);
    const t = LANGUAGES[lng];
    const transport = TRANSPORT === 'polling' ? 'transport=polling' : '';
    await page.goto(`${server.url}/?${how === 'query' ? `lang=${lng}&` : ''}${transport}`);
    if (how === 'picker') {
      // A new language keeps the conversation: no restart, no second welcome; the next
      // message is answered in the new language.
      await waitForBotText(page, LANGUAGES.en.welcome);
      await page.selectOption('#language', lng);
      expect(await botTexts(page)).toHaveLength(1);
      const [help] = await turn(page, () => type(page, t.help));
      expect(help).toContain(t.helpText);
    } else await waitForBotText(page, t.welcome);
    expect(await page.title()).toBe(t.title);
    expect(await page.locator('#language-label').textContent()).toBe(t.label);
    return page;
  }

  async function stored(page: Page): Promise<Report> {
    const user = await page.evaluate<string>("localStorage.getItem('justask.user')");
    const res = await fetch(`${server.url}/admin/api/subjects/directline/${encodeURIComponent(user)}`, {
      headers: { authorization: `Bearer ${DPO}` },
    });
    expect(res.status).toBe(200);
    return (await res.json()) as Report;
  }

  async function finish(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: join(RESULTS_DIR, `webchat-${name}.png`), fullPage: true });
    latencies.push(...(await turnLatencies(page)));
    expect(await page.getByText('Send failed').count()).toBe(0);
    await page.context().close();
  }

  /** Slot, then the SMS step's question: the order-delivery journey up to the first ask. */
  async function upToTheAsk(page: Page, lng: Language): Promise<void> {
    const t = LANGUAGES[lng];
    expect(await turn(page, () => press(page, t.journey))).toEqual([t.slotPrompt]);
    const [ask] = await turn(page, () => press(page, t.slot));
    expect(ask).toContain(t.askMobile);
  }

  describe.each(['en', 'nl'] as const)('the web chat page in %s', (lng) => {
    const t = LANGUAGES[lng];

    it('runs the order delivery: an invalid then a valid mobile number, “Why?”, stored for SMS', async () => {
      const page = await open(lng, lng === 'en' ? 'query' : 'picker');
      await upToTheAsk(page, lng);
      const [invalid] = await turn(page, () => type(page, '0123'));
      expect(invalid).toContain(t.invalid);
      const [why, again] = await turn(page, () => press(page, t.why), 2);
      expect(why).toContain(t.whyText);
      expect(again).toContain(t.askAgain);
      const done = await turn(page, () => type(page, t.mobile), 2);
      expect(done[0]).toContain(t.saved);
      expect(done[1]).toBe(t.booked);

      const report = await stored(page);
      expect(report.items.map((i) => [i.item, i.value, i.grants.map((g) => g.purpose)])).toEqual([
        ['mobile', t.masked, ['delivery-sms']],
      ]);
      expect(report.ledger.map((r) => `${r.event} ${r.item} ${r.purpose}`)).toEqual([
        'asked mobile delivery-sms',
        'granted mobile delivery-sms',
      ]);
      await finish(page, `${lng}-mobile`);
    }, 60_000);

    it('declines the mobile number and then the email address: booked without confirmation, nothing stored', async () => {
      const page = await open(lng, 'query');
      await upToTheAsk(page, lng);
      const email = await turn(page, () => press(page, t.noThanks), 2);
      expect(email[0]).toBe(t.declined);
      expect(email[1]).toContain(t.askEmail);
      // The "Never ask" button of the decline sits on the last message, so Web Chat shows it.
      const never = await turn(page, () => press(page, t.neverMobile), 2);
      expect(never[1]).toContain(t.askEmail);
      expect(await turn(page, () => press(page, t.noThanks), 2)).toEqual([t.declined, t.noConfirm]);

      const report = await stored(page);
      expect(report.items).toEqual([]);
      expect(report.ledger.map((r) => `${r.event} ${r.item} ${r.purpose}`)).toEqual([
        'asked mobile delivery-sms',
        'declined mobile delivery-sms',
        'asked email delivery-email',
        'never-ask mobile *',
        'declined email delivery-email',
      ]);
      expect((await botTexts(page)).length).toBe(9);
      await finish(page, `${lng}-decline`);
    }, 60_000);
  });
}
