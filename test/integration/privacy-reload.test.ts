/**
 * The real server: GET /privacy serves the notice generated from the running map, and in
 * development an edited map is picked up — a broken edit is logged and the last good map serves.
 * Every version served is archived in DATA_DIR and stays available with `?version=`; the
 * `textHash` the ledger stores for a real ask finds that ask's exact text in the archive.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findArchivedText, type NoticeArchive } from '../../src/map/index.ts';
import { startServer, turn, type ServerProcess } from '../helpers/server-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'justask-reload-'));
const dialogs = join(dir, 'dialogs');
const DPO_TOKEN = 'dpo-token-for-privacy-tests';
let server: ServerProcess;
beforeAll(async () => {
  cpSync(resolve('test/fixtures/tiny'), dialogs, { recursive: true });
  server = await startServer({
    DIALOGS_DIR: dialogs,
    DATA_DIR: join(dir, 'data'),
    NODE_ENV: 'development',
    ADMIN_TOKENS: `dpo:${DPO_TOKEN}`,
  });
});
afterAll(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

const notice = async (lang: string) => (await fetch(`${server.url}/privacy?lang=${lang}`)).text();
const versionOf = (html: string) => /Version (n-[0-9a-f]{12})\./.exec(html)?.[1] ?? '';
const archived = async (version: string) =>
  (await (await fetch(`${server.url}/privacy?version=${version}&format=json`)).json()) as NoticeArchive;
const edit = (file: string, f: (s: string) => string) =>
  writeFileSync(join(dialogs, file), f(readFileSync(join(dialogs, file), 'utf8')));

async function until(check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out; server output:\n${server.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the privacy notice on the running server', () => {
  it('is served in all four languages', async () => {
    expect(await notice('en')).toContain('<h1>Privacy notice of Tiny Shop</h1>');
    expect(await notice('nl')).toContain('<h1>Privacyverklaring van Tiny Shop</h1>');
    expect(await notice('fr')).toContain('<h1>Politique de confidentialité de Tiny Shop</h1>');
    expect(await notice('de')).toContain('<h1>Datenschutzhinweis von Tiny Shop</h1>');
  });

  it('stores with a real ask the hash of a text the archive of its notice version holds', async () => {
    const [ask] = await turn(server.url, 'news en', { user: 'hash-check' });
    expect(ask?.text).toMatch(/^To send news \(en\): what's your email \(en\)\?/);
    const res = await fetch(`${server.url}/admin/api/subjects/webchat/hash-check`, {
      headers: { authorization: `Bearer ${DPO_TOKEN}` },
    });
    const { ledger } = (await res.json()) as {
      ledger: { event: string; textHash?: string; noticeVersion: string }[];
    };
    const asked = ledger.find((r) => r.event === 'asked');
    expect(asked?.textHash).toMatch(/^[0-9a-f]{64}$/);
    const found = findArchivedText(await archived(asked?.noticeVersion ?? ''), asked?.textHash ?? '');
    expect(found).toMatchObject({ locale: 'en', text: { kind: 'ask', journey: 'news', step: 'ask' } });
    expect(found?.text.text).toBe(ask?.text);
  });

  it('follows an edit of the map, and keeps the last good map through a broken edit', async () => {
    const before = versionOf(await notice('en'));
    edit('catalog.yaml', (s) => s.replace('retention: P1Y', 'retention: P2Y'));
    await until(async () => (await notice('en')).includes('at most 2 years'));
    const after = versionOf(await notice('en'));
    expect(after).not.toBe(before);
    expect(readdirSync(join(dir, 'data', 'notice-archive')).sort()).toEqual(
      [`${before}.json`, `${after}.json`].sort(),
    );
    const earlier = await fetch(`${server.url}/privacy?lang=en&version=${before}`);
    expect(earlier.status).toBe(200);
    expect(await earlier.text()).toContain('at most 1 year from each time');
    expect((await fetch(`${server.url}/privacy?version=n-000000000000`)).status).toBe(404);
    edit('journeys/news.yaml', (s) => s.replace('onDecline: nope', 'onDecilne: nope'));
    await until(() => Promise.resolve(server.output().includes('the last good map keeps serving')));
    expect(server.output()).toContain('Unrecognized key: \\"onDecilne\\"');
    expect(await notice('en')).toContain('at most 2 years');
  });
});
