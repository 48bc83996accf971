/**
 * A scripted set of conversations over `/api/messages` for the opt-in analytics tests: customers
 * in English and Dutch (and one in German) who grant, decline, ask why first, or leave an ask unanswered, and the
 * counts the opt-in report must show for them. Each run uses its own user ids.
 */
import { turn } from './server-process.ts';

interface Customer {
  readonly locale: 'en-GB' | 'nl-NL' | 'de-DE';
  readonly says: readonly string[];
}

const EN = {
  start: 'deliver my order',
  slot: 'Morning',
  why: 'Why?',
  no: 'No thanks',
  mobile: '07911 123456',
};
const NL = {
  start: 'bezorg mijn bestelling',
  slot: 'Ochtend',
  why: 'Waarom?',
  no: 'Nee, bedankt',
  mobile: '06 12345678',
};

const DE = {
  start: 'bestellung liefern',
  slot: 'Vormittag',
  why: 'Warum?',
  no: 'Nein, danke',
};

const times = (n: number, c: Customer): Customer[] => Array.from({ length: n }, () => c);

/** Who says what; a "no" to the mobile leads to the email step, where a second "no" ends it. */
export const SCRIPT: readonly Customer[] = [
  ...times(4, { locale: 'en-GB', says: [EN.start, EN.slot, EN.mobile] }),
  ...times(2, { locale: 'en-GB', says: [EN.start, EN.slot, EN.why, EN.mobile] }),
  ...times(3, { locale: 'en-GB', says: [EN.start, EN.slot, EN.no, EN.no] }),
  ...times(1, { locale: 'en-GB', says: [EN.start, EN.slot] }),
  ...times(3, { locale: 'nl-NL', says: [NL.start, NL.slot, NL.why, NL.mobile] }),
  ...times(3, { locale: 'nl-NL', says: [NL.start, NL.slot, NL.no, NL.no] }),
  // The one German customer of issue 16: the report must not give their answers away.
  { locale: 'de-DE', says: [DE.start, DE.slot, DE.why, DE.no, DE.no] },
];

/**
 * The true counts of SCRIPT once the silent customer's ask is swept as abandoned: what the store
 * must hold. The report publishes them perturbed (cell keys), never as they are.
 */
export const EXPECTED = {
  mobile: { asks: 17, granted: 9, declined: 7, why: 6, abandoned: 1 },
  email: { asks: 7, granted: 0, declined: 7, why: 0, abandoned: 0 },
  byLocale: {
    en: { mobile: { asks: 10, granted: 6, declined: 3, why: 2, abandoned: 1 }, email: { asks: 3 } },
    nl: { mobile: { asks: 6, granted: 3, declined: 3, why: 3, abandoned: 0 }, email: { asks: 3 } },
    de: { mobile: { asks: 1, granted: 0, declined: 1, why: 1, abandoned: 0 }, email: { asks: 1 } },
  },
} as const;

/**
 * Plays SCRIPT against the server at `url`, one customer after another (FerretDB 1.x, the test
 * MongoDB, can lose concurrent `$inc`s; atomic counting is the contract suite's job). Returns the user ids.
 */
export async function playScript(
  url: string,
  run = `${process.pid}-${Date.now().toString(36)}`,
): Promise<string[]> {
  const users = SCRIPT.map((_, i) => `optin-${run}-${i}`);
  for (const [i, c] of SCRIPT.entries())
    for (const text of c.says) await turn(url, text, { user: users[i] ?? '', locale: c.locale });
  return users;
}
