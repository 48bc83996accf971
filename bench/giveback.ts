/**
 * Give-back sweep cost: N held items of which D are due, on SQLite (and MongoDB when MONGODB_URI
 * is set). The sweep should cost in proportion to D, not N (an index on each item's due time).
 * Notices go to a counting notifier: the channel call is not what is measured here.
 *
 *   node --import tsx bench/giveback.ts [held] [due]
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createCipher, createConsentService, createGiveBack, valueAad } from '../src/consent/index.ts';
import { loadMapOrThrow } from '../src/map/index.ts';
import { manualClock, randomIds } from '../src/shared/clock.ts';
import type { Store } from '../src/storage/index.ts';
import { openMongoStore } from '../src/storage/mongo/index.ts';
import { openSqliteStore } from '../src/storage/sqlite/index.ts';

const held = Number(process.argv[2] ?? 100_000);
const due = Number(process.argv[3] ?? 1_000);
const { map, texts } = loadMapOrThrow({ dialogsDir: resolve('dialogs'), localesDir: resolve('locales') });
const start = new Date('2026-01-01T00:00:00Z');
const clock = manualClock(start);
const cipher = createCipher([{ id: 'k1', key: Buffer.alloc(32, 1) }]);

async function seed(store: Store): Promise<void> {
  const collected = { journey: 'birthday-offer', step: 'ask', channel: 'bench', locale: 'en' };
  for (let i = 0; i < held; i++) {
    const isDue = i < due;
    const grantedAt = isDue ? new Date('2024-01-01T00:00:00Z') : start;
    await store.items.put(
      {
        subject: `s_bench_${i}`,
        item: 'birthday',
        value: cipher.encrypt('+447911123456', valueAad(`s_bench_${i}`, 'birthday')),
        collectedAt: grantedAt,
        collected,
      },
      {
        purpose: 'birthday-offer',
        basis: 'consent',
        grantedAt,
        noticeVersion: 'n-bench',
        expiresAt: new Date(grantedAt.getTime() + 2 * 365 * 86_400_000),
        lastUsedAt: null,
        giveBackAfter: 'P1Y',
      },
    );
  }
}

async function measure(name: string, store: Store): Promise<void> {
  const t0 = performance.now();
  await seed(store);
  const seedMs = performance.now() - t0;
  let notified = 0;
  const consent = createConsentService({ store, cipher, map: () => map, clock, ids: randomIds });
  const giveBack = createGiveBack({
    store,
    consent,
    map: () => map,
    texts: () => texts,
    clock,
    holder: 'bench',
    notifier: { notify: () => Promise.resolve(++notified > 0) },
  });
  const t1 = performance.now();
  const report = await giveBack.sweep();
  const sweepMs = performance.now() - t1;
  const t2 = performance.now();
  await giveBack.sweep();
  const emptyMs = performance.now() - t2;
  console.log(
    JSON.stringify({
      store: name,
      held,
      due,
      seedMs: Math.round(seedMs),
      sweepMs: Math.round(sweepMs),
      emptySweepMs: Math.round(emptyMs),
      report,
    }),
  );
  await store.close();
}

await measure('sqlite', openSqliteStore(join(mkdtempSync(join(tmpdir(), 'justask-gb-bench-')), 'b.db')));
if (process.env.MONGODB_URI) {
  await measure('mongodb', await openMongoStore(process.env.MONGODB_URI, `justask_gb_bench_${process.pid}`));
}
