/**
 * `ledger verify` on a real SQLite file: an intact chain passes; a record edited, deleted (first,
 * middle or last) or moved in the raw file is found, as is a text hash no archived text has. A
 * chain pruned by retention still verifies (its checkpoint declares what went); an erased
 * subject has no chain, only a receipt, and records left behind after an erasure are a break.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createCipher,
  createConsentService,
  createLedgerAudit,
  createRecordsRetention,
  createRights,
  suppressionKeyer,
  type ConsentService,
} from '../../../src/consent/index.ts';
import { askText, loadMapOrThrow, noticeArchiveOf, textHash } from '../../../src/map/index.ts';
import { manualClock, randomIds } from '../../../src/shared/clock.ts';
import type { Store } from '../../../src/storage/index.ts';
import { openSqliteStore } from '../../../src/storage/sqlite/index.ts';

const { map, texts } = loadMapOrThrow({ dialogsDir: resolve('dialogs'), localesDir: resolve('locales') });
const archive = noticeArchiveOf(map, texts, map.noticeVersion);
const cipher = createCipher([{ id: 'k1', key: Buffer.alloc(32, 1) }]);
const suppressionKey = suppressionKeyer(Buffer.alloc(32, 2));
const need = { item: 'email', purpose: 'newsletter', required: false };
const ctx = (subject: string) => ({
  subject,
  channel: 'webchat',
  locale: 'en',
  journey: 'newsletter',
  step: 'ask',
});
const askHash = textHash(askText(texts, 'en', map.catalog, need));

let dir: string;
let file: string;
let store: Store;
let consent: ConsentService;
const clock = manualClock(new Date('2026-06-01T09:00:00Z'));
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'justask-verify-'));
  file = join(dir, 'justask.db');
  store = openSqliteStore(file);
  consent = createConsentService({ store, cipher, map: () => map, clock, ids: randomIds, suppressionKey });
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const audit = () =>
  createLedgerAudit({
    store,
    suppressionKey,
    archiveOf: (v) => (v === map.noticeVersion ? archive : undefined),
  });

/** Five records for `s`: asked (with its text), declined, asked, deferred, never-ask. */
async function history(s: string): Promise<void> {
  await consent.recordEvent(ctx(s), need, 'asked', askHash);
  await consent.recordEvent(ctx(s), need, 'declined');
  await consent.recordEvent(ctx(s), need, 'asked', askHash);
  await consent.recordEvent(ctx(s), need, 'deferred');
  await consent.recordEvent(ctx(s), { item: 'birthday', purpose: '*' }, 'never-ask');
}

/** Runs SQL on the raw database file, beside the store (as an intruder with file access would). */
function raw(sql: string, ...params: unknown[]): void {
  const db = new Database(file);
  try {
    db.prepare(sql).run(...params);
  } finally {
    db.close();
  }
}

const kinds = async (subject?: string) =>
  (await audit().verify(subject ? { subject } : {})).broken.flatMap((b) => b.breaks.map((x) => x.kind));

describe('ledger verify', () => {
  it('passes an intact ledger, with every record’s text found in the archive', async () => {
    await history('s_a');
    await history('s_b');
    const report = await audit().verify();
    expect(report).toMatchObject({ subjects: 2, records: 10, unchained: 0, broken: [], unarchived: [] });
    expect(report.root).toMatch(/^[0-9a-f]{64}$/);
  });

  it('finds a record edited in the raw file', async () => {
    await history('s_a');
    raw(`UPDATE ledger SET doc = json_set(doc, '$.event', 'granted') WHERE seq = 2`);
    expect(await kinds()).toEqual(['edited']);
  });

  it('finds a record deleted from the middle, the start or the end', async () => {
    await history('s_mid');
    await history('s_first');
    await history('s_last');
    const del = (s: string, seq: number) =>
      raw(`DELETE FROM ledger WHERE subject = ? AND json_extract(doc, '$.seq') = ?`, s, seq);
    del('s_mid', 3);
    del('s_first', 1);
    del('s_last', 5);
    expect(await kinds('s_mid')).toEqual(['missing']);
    expect(await kinds('s_first')).toEqual(['missing']);
    expect(await kinds('s_last')).toEqual(['truncated']);
    expect((await audit().verify()).broken.map((b) => b.subject).sort()).toEqual([
      's_first',
      's_last',
      's_mid',
    ]);
  });

  it('finds records swapped in the raw file', async () => {
    await history('s_a');
    const db = new Database(file);
    const docs = db
      .prepare<[], { seq: number; doc: string }>('SELECT seq, doc FROM ledger ORDER BY seq')
      .all();
    const [two, three] = [docs[1], docs[2]];
    db.prepare('UPDATE ledger SET doc = ? WHERE seq = ?').run(three?.doc, two?.seq);
    db.prepare('UPDATE ledger SET doc = ? WHERE seq = ?').run(two?.doc, three?.seq);
    db.close();
    expect(await kinds()).toContain('reordered');
  });

  it('finds a text hash that no archived text of its notice version has', async () => {
    await consent.recordEvent(ctx('s_a'), need, 'asked', textHash('words never shown'));
    expect(await kinds()).toEqual(['unknown-text']);
  });

  it('still verifies a chain whose old records retention deleted: a checkpoint declares them', async () => {
    await history('s_a');
    clock.advanceDays(6 * 366);
    await consent.recordEvent(ctx('s_a'), need, 'asked', askHash);
    const retention = createRecordsRetention({ store, map: () => map, clock, holder: 'test' });
    const whole = await store.ledger.forSubject('s_a');
    const swept = await retention.sweep();
    expect(swept.ledgerRecords).toBe(4);
    const left = await store.ledger.forSubject('s_a');
    // The never-ask stands (kept as proof), the checkpoint names the runs that went.
    expect(left.map((r) => [r.seq, r.event])).toEqual([
      [5, 'never-ask'],
      [6, 'asked'],
      [7, 'checkpoint'],
    ]);
    expect(left[2]?.pruned).toEqual([{ from: 1, to: 4, last: whole[3]?.hash }]);
    expect(await kinds()).toEqual([]);
    // A later sweep merges the runs into one new checkpoint and lets the old one go.
    clock.advanceDays(6 * 366);
    await consent.recordEvent(ctx('s_a'), { item: 'birthday', purpose: '*' }, 'never-ask-cleared');
    await retention.sweep();
    const after = await store.ledger.forSubject('s_a');
    expect(after.map((r) => r.event)).toEqual(['never-ask-cleared', 'checkpoint']);
    expect(after[1]?.pruned).toEqual([{ from: 1, to: 7, last: left[2]?.hash }]);
    expect(await kinds()).toEqual([]);
  });

  it('leaves nothing of a chain past its time whole, and a new one starts at 1', async () => {
    await consent.recordEvent(ctx('s_old'), need, 'asked', askHash);
    await consent.recordEvent(ctx('s_old'), need, 'declined');
    clock.advanceDays(6 * 366);
    await createRecordsRetention({ store, map: () => map, clock, holder: 'test' }).sweep();
    expect(await store.ledger.forSubject('s_old')).toEqual([]);
    expect(await store.ledger.chainHead('s_old')).toBeUndefined();
    await consent.recordEvent(ctx('s_old'), need, 'asked', askHash);
    expect((await store.ledger.forSubject('s_old')).map((r) => [r.seq, r.prev])).toEqual([[1, 'genesis']]);
    expect(await kinds()).toEqual([]);
  });

  it('keeps of an erased subject only a receipt; records left behind after the erasure are a break', async () => {
    const rights = createRights({ store, consent, map: () => map, clock });
    await history('s_gone');
    await consent.provide(ctx('s_gone'), need, 'jan@example.org');
    await rights.eraseSubject(ctx('s_gone'));
    expect(await store.ledger.forSubject('s_gone')).toEqual([]);
    const report = await audit().verify();
    expect(report).toMatchObject({ subjects: 0, erased: 1, broken: [] });
    const kept = await store.suppressions.get(suppressionKey('s_gone'));
    expect(kept).toMatchObject({ neverAsk: ['birthday'], objections: [], erasedChain: { records: 7 } });
    // A record from before the erasure, put back in the raw file, is found.
    clock.advanceDays(1);
    await history('s_half');
    const erasure = {
      key: suppressionKey('s_half'),
      neverAsk: [],
      objections: [],
      erasedAt: new Date(clock.now().getTime() + 1),
      erasedChain: { records: 5 },
    };
    raw('INSERT INTO suppressions (key, doc) VALUES (?, ?)', erasure.key, JSON.stringify(erasure));
    expect(await kinds('s_half')).toEqual(['not-erased']);
  });
});
