/**
 * Actions through the whole server: a step's `do:` posts to a real HTTP system, signed, with only
 * the items that system receives; its answer routes the journey and fills its texts; a timeout,
 * an error status or a bad answer never claims a booking. On SQLite and (when MONGODB_URI is set)
 * on FerretDB.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/app/config.ts';
import { createApp, type App } from '../../src/app/create-app.ts';
import { subjectOf } from '../../src/consent/index.ts';
import { ActionBody } from '../../src/journey/index.ts';
import { manualClock } from '../../src/shared/clock.ts';
import { turn } from '../helpers/server-process.ts';
import { startSystemReceiver, type SystemReceiver } from '../helpers/system-receiver.ts';
import { withoutLoggerNumbers } from '../helpers/log-text.ts';

const SORRY = "I couldn't finish that — nothing was booked; please try again later.";
const subjectKey = Buffer.alloc(32, 3);

/** The sample map with the logistics platform given a 1 s timeout (the default is 5 s). */
function dialogsWithShortTimeout(): string {
  const dir = mkdtempSync(join(tmpdir(), 'justask-actions-map-'));
  cpSync(resolve('dialogs'), dir, { recursive: true });
  const file = join(dir, 'catalog.yaml');
  const catalog = readFileSync(file, 'utf8').replace(
    '    url: ${LOGISTICS_URL}\n',
    '    url: ${LOGISTICS_URL}\n    timeout: 1\n',
  );
  writeFileSync(file, catalog);
  return dir;
}

const stores = [
  { name: 'SQLite', env: {} },
  ...(process.env.MONGODB_URI
    ? [
        {
          name: 'FerretDB',
          env: { MONGODB_URI: process.env.MONGODB_URI, MONGODB_DB: `justask_act_${process.pid}` },
        },
      ]
    : []),
];
if (!process.env.MONGODB_URI) console.warn('actions: MONGODB_URI unset, running on SQLite only');

describe.each(stores)('actions on $name', ({ env: storeEnv }) => {
  const clock = manualClock(new Date('2026-06-01T09:00:00Z'));
  const logs: string[] = [];
  let logistics: SystemReceiver;
  let app: App;
  let url: string;
  let users = 0;
  const user = () => `act-${process.pid}-${++users}`;

  beforeAll(async () => {
    logistics = await startSystemReceiver();
    const env = {
      DATA_DIR: mkdtempSync(join(tmpdir(), 'justask-actions-')),
      DIALOGS_DIR: dialogsWithShortTimeout(),
      PORT: '0',
      HOST: '127.0.0.1',
      GIVEBACK_EVERY_MINUTES: '0',
      DATA_KEY: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
      SUBJECT_KEY: subjectKey.toString('base64'),
      ...storeEnv,
    };
    const log = pino({ level: 'info' }, { write: (s: string) => void logs.push(s) });
    const systemsEnv = { LOGISTICS_URL: logistics.url, LOGISTICS_WEBHOOK_SECRET: logistics.secret };
    app = await createApp(loadConfig(env), { clock, log, env: systemsEnv });
    url = `http://127.0.0.1:${(await app.listen()).port}`;
  });
  afterAll(async () => {
    await app?.close();
    await logistics?.close();
  });

  /** Picks the evening slot and gives a mobile number; returns the last turn's texts. */
  async function bookWithMobile(u: string): Promise<string[]> {
    await turn(url, 'deliver my order', { user: u });
    await turn(url, 'Evening', { user: u });
    return (await turn(url, '07911 123456', { user: u })).map((a) => a.text ?? '');
  }

  it('books through logistics/actions/book-delivery, signed, with the number it receives, and records the use', async () => {
    logistics.answer = () => ({ body: { vars: { reference: 'DL-7' } } });
    const u = user();
    const before = logistics.received.length;
    const texts = await bookWithMobile(u);
    expect(texts.at(-1)).toBe(
      "Your delivery is booked: we'll bring your order in the evening. We'll text •••• 456 on the day.",
    );
    const got = logistics.received.slice(before);
    expect(got).toHaveLength(1);
    const req = got[0];
    expect(req?.path).toBe('/actions/book-delivery');
    expect(req?.signed).toBe(true);
    expect(req?.id).toMatch(/^act_/);
    const subject = subjectOf(subjectKey, 'webchat', u);
    expect(ActionBody.parse(req?.body)).toEqual({
      type: 'action',
      action: 'book-delivery',
      journey: 'order-delivery',
      step: 'sms-confirm',
      subject,
      locale: 'en',
      channel: 'webchat',
      answers: { slot: 'evening' },
      data: { mobile: { value: '+447911123456', purpose: 'delivery-sms' } },
    });
    const [held] = await app.store.items.forSubject(subject);
    expect(held?.grants.find((g) => g.purpose === 'delivery-sms')?.lastUsedAt).toEqual(clock.now());
    expect(withoutLoggerNumbers(logs.join(''))).not.toContain('7911');
  });

  it('sends nothing the system does not receive: without a number the booking carries no data', async () => {
    logistics.answer = () => ({});
    const u = user();
    const before = logistics.received.length;
    await turn(url, 'deliver my order', { user: u });
    await turn(url, 'Morning', { user: u });
    await turn(url, 'No thanks', { user: u });
    const last = await turn(url, 'No thanks', { user: u });
    expect(last.at(-1)?.text).toBe(
      "Your delivery is booked: we'll bring your order in the morning. We won't send a confirmation.",
    );
    const got = logistics.received.slice(before);
    expect(
      got.map((r) => [
        r.path,
        (r.body as { step: string; data: unknown }).step,
        (r.body as { data: unknown }).data,
      ]),
    ).toEqual([['/actions/book-delivery', 'no-confirm', {}]]);
  });

  it('routes an outcome to its step and fills the vars the system answered', async () => {
    logistics.answer = () => ({ body: { outcome: 'slot-full', vars: { nextSlot: 'Friday morning' } } });
    const texts = await bookWithMobile(user());
    expect(texts.at(-1)).toBe(
      "Sorry, we're already full in the evening, so nothing was booked. The next free slot is Friday morning: say “deliver my order” to pick it.",
    );
  });

  it.each([
    ['a timeout', { delayMs: 3000 }],
    ['an error status', { status: 503, body: { error: 'down' } }],
    ['an answer that is not JSON', { body: 'booked!' }],
    ['an outcome the step does not route', { body: { outcome: 'teleported' } }],
    ['vars of the wrong shape', { body: { vars: { reference: { nested: true } } } }],
  ])('says nothing was booked after %s', async (_name, answer) => {
    logistics.answer = () => answer;
    const texts = await bookWithMobile(user());
    expect(texts.at(-1)).toBe(SORRY);
    expect(texts.join(' ')).not.toContain('is booked');
  });
});
