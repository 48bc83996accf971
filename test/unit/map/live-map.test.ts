/** Hot reload: an edited map is picked up; a broken edit is logged and the last good map keeps serving. */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLiveMap, type LiveMap } from '../../../src/map/index.ts';

const dirs: string[] = [];
const live: LiveMap[] = [];
afterEach(() => {
  live.splice(0).forEach((l) => l.close());
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});

function setUp(watch: boolean) {
  const dir = mkdtempSync(join(tmpdir(), 'justask-live-'));
  dirs.push(dir);
  cpSync(resolve('test/fixtures/tiny'), dir, { recursive: true });
  const logs: string[] = [];
  const log = {
    info: (_o: object, m: string) => void logs.push(`info ${m}`),
    warn: (_o: object, m: string) => void logs.push(`warn ${m}`),
    error: (_o: object, m: string) => void logs.push(`error ${m.replace(/\S*justask-live-[^/]+\//, '')}`),
  };
  const m = createLiveMap({ dialogsDir: dir, localesDir: resolve('locales'), watch, log, debounceMs: 30 });
  live.push(m);
  const edit = (file: string, f: (s: string) => string) =>
    writeFileSync(join(dir, file), f(readFileSync(join(dir, file), 'utf8')));
  /** A second map over the same files that does watch: once it has reloaded, the edit was seen. */
  const watchingTwin = () => {
    const twin = createLiveMap({
      dialogsDir: dir,
      localesDir: resolve('locales'),
      watch: true,
      log,
      debounceMs: 30,
    });
    live.push(twin);
    return twin;
  };
  return { m, logs, edit, watchingTwin };
}

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('the live map', () => {
  it('reloads an edited map file while watching', async () => {
    const { m, edit } = setUp(true);
    const before = m.map().noticeVersion;
    edit('catalog.yaml', (s) => s.replace('retention: P1Y', 'retention: P2Y'));
    await until(() => m.map().catalog.purposes.news?.retention === 'P2Y');
    expect(m.map().noticeVersion).not.toBe(before);
  });

  it('reloads an edited text', async () => {
    const { m, edit } = setUp(true);
    edit('locales/en/map.json', (s) => s.replace('Not subscribed (en)', 'Fine, no news.'));
    await until(() => m.texts().t('en', 'news.nope', {}, 'map') === 'Fine, no news.');
  });

  it('logs every problem of a broken edit and keeps serving the last good map', async () => {
    const { m, logs, edit } = setUp(true);
    const good = m.map();
    edit('journeys/news.yaml', (s) => s.replace('onDecline: nope', 'onDecilne: nope'));
    await until(() => logs.some((l) => l.includes('last good map')));
    expect(logs).toEqual([
      'error error journeys/news.yaml:10 steps.ask: Unrecognized key: "onDecilne" (onDecilne)',
      'error the edited dialogue map has errors: the last good map keeps serving',
    ]);
    expect(m.map()).toBe(good);
    edit('journeys/news.yaml', (s) => s.replace('onDecilne: nope', 'onDecline: nope'));
    await until(() => logs.at(-1) === 'info dialogue map reloaded');
    expect(m.map()).not.toBe(good);
  });

  it('does not watch when told not to (production), but reloads on demand', async () => {
    const { m, edit, watchingTwin } = setUp(false);
    const twin = watchingTwin();
    edit('catalog.yaml', (s) => s.replace('retention: P1Y', 'retention: P2Y'));
    // No fixed wait: the watching twin's reload shows the edit was delivered and debounced.
    await until(() => twin.map().catalog.purposes.news?.retention === 'P2Y');
    expect(m.map().catalog.purposes.news?.retention).toBe('P1Y');
    expect(m.reload().map?.catalog.purposes.news?.retention).toBe('P2Y');
    expect(m.map().catalog.purposes.news?.retention).toBe('P2Y');
  });
});
