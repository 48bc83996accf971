/**
 * The real server: GET /privacy serves the notice generated from the running map, and in
 * development an edited map is picked up — a broken edit is logged and the last good map serves.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type ServerProcess } from '../helpers/server-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'justask-reload-'));
const dialogs = join(dir, 'dialogs');
let server: ServerProcess;
beforeAll(async () => {
  cpSync(resolve('test/fixtures/tiny'), dialogs, { recursive: true });
  server = await startServer({ DIALOGS_DIR: dialogs, DATA_DIR: join(dir, 'data'), NODE_ENV: 'development' });
});
afterAll(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

const notice = async (lang: string) => (await fetch(`${server.url}/privacy?lang=${lang}`)).text();
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

  it('follows an edit of the map, and keeps the last good map through a broken edit', async () => {
    edit('catalog.yaml', (s) => s.replace('retention: P1Y', 'retention: P2Y'));
    await until(async () => (await notice('en')).includes('at most 2 years'));
    edit('journeys/news.yaml', (s) => s.replace('onDecline: nope', 'onDecilne: nope'));
    await until(() => Promise.resolve(server.output().includes('the last good map keeps serving')));
    expect(server.output()).toContain('Unrecognized key: \\"onDecilne\\"');
    expect(await notice('en')).toContain('at most 2 years');
  });
});
