/**
 * Records retention, as the notice promises it (dialogs/catalog.yaml `records:`): through the
 * app (createApp, a test clock) on SQLite and on MongoDB, records just inside their retention stay
 * and those just outside go; and through `npx justask giveback` on a SQLite data folder.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AskEvent } from '../../src/analytics/index.ts';
import { loadConfig } from '../../src/app/config.ts';
import { createApp, type App } from '../../src/app/create-app.ts';
import { createRecordsRetention } from '../../src/consent/index.ts';
import { loadMapOrThrow } from '../../src/map/index.ts';
import { manualClock } from '../../src/shared/clock.ts';
import type { LedgerRecord, Store } from '../../src/storage/index.ts';
import { dropMongoStoreDatabase } from '../../src/storage/mongo/index.ts';
import { openSqliteStore } from '../../src/storage/sqlite/index.ts';
import { grant, heldItem, ledgerRecord } from '../contract/fixtures.ts';

const keys = {
  DATA_KEY: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
  SUBJECT_KEY: Buffer.alloc(32, 2).toString('base64'),
};
const DAY = 86_400_000;
const ms = (d: Date, n: number) => new Date(d.getTime() + n);
const asked = (when: Date): AskEvent => ({
  type: 'asked',
  item: 'mobile',
  purpose: 'delivery-sms',
  journey: 'order-delivery',
  step: 'sms-confirm',
  locale: 'en',
  channel: 'webchat',
  at: when,
});
/** A subject's record ids, without the checkpoints retention chains in before it deletes. */
const ids = async (s: Store, subject: string) =>
  (await s.ledger.forSubject(subject)).filter((r) => r.event !== 'checkpoint').map((r) => r.id);
const checkpoints = async (s: Store, subject: string) =>
  (await s.ledger.forSubject(subject)).filter((r) => r.event === 'checkpoint').length;

const uri = process.env.MONGODB_URI;
if (!uri) console.warn('records retention on MongoDB: skipped, MONGODB_URI is not set');
const stores = [
  { kind: 'SQLite', env: { MONGODB_URI: '' } },
  ...(uri ? [{ kind: 'MongoDB', env: { MONGODB_URI: uri, MONGODB_DB: `justask_ret_${process.pid}` } }] : []),
];

describe.each(stores)('records retention in the server on $kind', ({ env }) => {
  // The catalog keeps: state P30D, references P1Y, ledger P5Y, analytics P2Y; the audit log P2Y.
  const now = new Date('2026-06-01T09:00:00Z');
  const clock = manualClock(now);
  let app: App;
  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'justask-ret-'));
    app = await createApp(loadConfig({ DATA_DIR: dataDir, GIVEBACK_EVERY_MINUTES: '0', ...keys, ...env }), {
      clock,
      log: pino({ level: 'silent' }),
    });
  });
  afterAll(async () => {
    if (app?.store.kind === 'mongodb') await dropMongoStoreDatabase(app.store);
    await app?.close();
  });

  it('deletes references, ledger records, day counters, audit entries and given-up events just past their retention', async () => {
    const s = app.store;
    const refCut = new Date('2025-06-01T09:00:00Z');
    await s.refs.save('ref-in', { id: 'in' }, ms(refCut, 1));
    await s.refs.save('ref-out', { id: 'out' }, ms(refCut, -1));

    const ledgerCut = new Date('2021-06-01T09:00:00Z');
    // Ann still holds her delivery-sms grant: its proof stays; her other old records go.
    await s.items.put(heldItem('ann'), grant('delivery-sms'));
    const annOld: LedgerRecord = ledgerRecord('ann', ms(ledgerCut, -1), { event: 'asked' });
    const annProof = ledgerRecord('ann', ms(ledgerCut, -DAY), { event: 'granted' });
    const annDeclined = ledgerRecord('ann', ms(ledgerCut, -2 * DAY), { event: 'declined', item: 'email' });
    const annIn = ledgerRecord('ann', ms(ledgerCut, 1), { event: 'withdrawn', item: 'email' });
    // Bob asked never to be asked for his birthday: that wish stays. Cy holds nothing: all old records go.
    const bobNever = ledgerRecord('bob', ms(ledgerCut, -DAY), {
      event: 'never-ask',
      item: 'birthday',
      purpose: '*',
    });
    const cy = [
      ledgerRecord('cy', ms(ledgerCut, -DAY)),
      ledgerRecord('cy', ms(ledgerCut, -1), { event: 'withdrawn' }),
    ];
    for (const r of [annDeclined, annProof, annOld, annIn, bobNever, ...cy]) await s.ledger.append(r);

    // Counters: 2024-05-31 lies wholly before the cutoff (2024-06-01T09:00), 2024-06-01 does not.
    await s.analytics.record(asked(new Date('2024-05-31T23:59:59.999Z')));
    await s.analytics.record(asked(new Date('2024-06-01T00:00:00Z')));
    await s.analytics.compact('2024-06-02', now);

    const auditCut = new Date('2024-06-01T09:00:00Z');
    await s.audit.append({
      id: 'aud-out',
      at: ms(auditCut, -1),
      actor: 'dpo:0badf00d',
      action: 'subject.read',
    });
    await s.audit.append({
      id: 'aud-in',
      at: ms(auditCut, 1),
      actor: 'dpo:0badf00d',
      action: 'subject.read',
    });

    // Events given up on: kept (without value) as long as the ledger change they tell of.
    const event = (id: string) => ({
      id,
      system: 'logistics',
      type: 'item.granted' as const,
      subject: 'ann',
      item: 'mobile',
      purpose: 'delivery-sms',
      at: ms(ledgerCut, -DAY),
      attempts: 0,
      nextAt: ms(ledgerCut, -DAY),
    });
    await s.outbox.write({ add: [event('evt-out'), event('evt-in'), event('evt-pending')], strip: [] });
    await s.outbox.giveUp('evt-out', 9, ms(ledgerCut, -1), 'timeout');
    await s.outbox.giveUp('evt-in', 9, ms(ledgerCut, 1), 'timeout');

    expect(await app.retention.sweep()).toEqual({
      ran: true,
      references: 1,
      ledgerRecords: 4,
      ledgerSubjects: 3,
      analyticsCounters: 1,
      auditEntries: 1,
      givenUpEvents: 1,
    });
    expect((await s.outbox.failures(10)).map((e) => e.id)).toEqual(['evt-in']);
    expect((await s.outbox.due(now, 10)).map((e) => e.id)).toEqual(['evt-pending']);
    expect(await s.refs.get('ref-in')).toEqual({ id: 'in' });
    expect(await s.refs.get('ref-out')).toBeUndefined();
    expect(await ids(s, 'ann')).toEqual([annProof.id, annIn.id]);
    expect(await ids(s, 'bob')).toEqual([bobNever.id]);
    expect(await ids(s, 'cy')).toEqual([]);
    // Where records go and others stay, a checkpoint keeps the chain verifiable (Ann); a chain
    // gone whole (Cy) leaves none, nor does one where nothing went (Bob).
    expect([await checkpoints(s, 'ann'), await checkpoints(s, 'bob'), await checkpoints(s, 'cy')]).toEqual([
      1, 0, 0,
    ]);
    expect(await s.ledger.chainHead('cy')).toBeUndefined();
    const days = await s.analytics.query({ from: '2024-01-01', to: '2024-12-31', groupBy: ['day'] });
    expect(days.map((r) => [r.group.day, r.n])).toEqual([['2024-06-01', 1]]);
    expect((await s.audit.query({ limit: 10 })).entries.map((e) => e.id)).toEqual(['aud-in']);

    // Once Ann's grant ends, its old proof goes at the next sweep; Bob's wish still stands.
    await s.items.delete('ann', 'mobile');
    expect((await app.retention.sweep()).ledgerRecords).toBe(1);
    expect(await ids(s, 'ann')).toEqual([annIn.id]);
    expect(await ids(s, 'bob')).toEqual([bobNever.id]);
  });

  it('does nothing while another instance holds the lease', async () => {
    await app.store.leases.acquire('records-retention', 'other', clock.now(), ms(clock.now(), 60_000));
    try {
      expect((await app.retention.sweep()).ran).toBe(false);
    } finally {
      await app.store.leases.release('records-retention', 'other');
    }
  });

  it('expires bot state after the map’s records.state when STATE_TTL is unset', async () => {
    await app.store.state.write('conv-idle', { a: 1 }, '*', { at: ms(now, -30 * DAY - 1) });
    await app.store.state.write('conv-active', { a: 1 }, '*', { at: ms(now, -30 * DAY + 1) });
    expect(await app.stateExpiry.sweep()).toEqual({ ran: true, deleted: 1 });
    expect([...(await app.store.state.read(['conv-idle', 'conv-active'])).keys()]).toEqual(['conv-active']);
  });
});

describe('records retention in batches', () => {
  it('goes on batch after batch and page after page until everything old is gone', async () => {
    const { map } = loadMapOrThrow({ dialogsDir: resolve('dialogs'), localesDir: resolve('locales') });
    const store = openSqliteStore(':memory:');
    const clock = manualClock(new Date('2026-06-01T09:00:00Z'));
    const retention = createRecordsRetention({ store, map: () => map, clock, holder: 't', batchSize: 2 });
    try {
      const old = new Date('2020-01-01T00:00:00Z');
      for (const s of ['a', 'b', 'c', 'd', 'e']) {
        await store.refs.save(s, { s }, old);
        await store.ledger.append(ledgerRecord(s, old, { event: 'asked' }));
        await store.audit.append({ id: `aud-${s}`, at: old, actor: 'dpo:0badf00d', action: 'subject.read' });
      }
      expect(await retention.sweep()).toMatchObject({
        references: 5,
        ledgerRecords: 5,
        ledgerSubjects: 5,
        auditEntries: 5,
      });
      expect(await store.ledger.subjectsBefore(clock.now(), undefined, 10)).toEqual([]);
    } finally {
      await store.close();
    }
  });
});

describe('records retention in the server’s sweeper', () => {
  it('runs after the give-back sweep, once a day across instances', async () => {
    const clock = manualClock(new Date('2026-06-01T09:00:00Z'));
    const cfg = { DATA_DIR: mkdtempSync(join(tmpdir(), 'justask-ret-sweeper-')), MONGODB_URI: '', ...keys };
    const app = await createApp(loadConfig({ ...cfg, GIVEBACK_EVERY_MINUTES: '60' }), {
      clock,
      log: pino({ level: 'silent' }),
    });
    try {
      await app.store.refs.save('old', { id: 'old' }, new Date('2025-05-01T00:00:00Z'));
      app.startSweeper();
      await vi.waitFor(async () => expect(await app.store.refs.get('old')).toBeUndefined(), {
        timeout: 10_000,
      });
      // Another instance, the same day: not due yet; a day later: due.
      expect((await app.retention.sweepIfDue()).ran).toBe(false);
      clock.advanceDays(1);
      expect((await app.retention.sweepIfDue()).ran).toBe(true);
    } finally {
      await app.close();
    }
  });
});

describe('npx justask giveback', () => {
  it('deletes the records past their retention and prints the counts', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'justask-ret-cli-'));
    // The CLI runs on the real clock: records are placed relative to it.
    const now = Date.now();
    const store = openSqliteStore(join(dataDir, 'justask.db'));
    await store.refs.save('gone', { id: 'gone' }, new Date(now - 367 * DAY));
    await store.refs.save('kept', { id: 'kept' }, new Date(now - 363 * DAY));
    await store.ledger.append(ledgerRecord('old', new Date(now - 5 * 366 * DAY - DAY)));
    await store.ledger.append(ledgerRecord('old', new Date(now - 5 * 365 * DAY + 2 * DAY)));
    await store.analytics.record(asked(new Date(now - 2 * 366 * DAY - 2 * DAY)));
    await store.audit.append({
      id: 'a-old',
      at: new Date(now - 2 * 366 * DAY - DAY),
      actor: 'dpo:0badf00d',
      action: 'subject.read',
    });
    await store.close();

    const { stdout } = await promisify(execFile)(process.execPath, ['bin/justask.js', 'giveback'], {
      env: { ...process.env, DATA_DIR: dataDir, MONGODB_URI: '', STATE_TTL: '', ...keys },
    });
    expect(stdout).toContain(
      'past their retention: deleted 1 conversation reference(s), 1 consent-ledger record(s) (1 subject(s) checked), 1 opt-in counter(s), 1 audit entr(y/ies)',
    );
    const after = openSqliteStore(join(dataDir, 'justask.db'));
    try {
      expect(await after.refs.get('gone')).toBeUndefined();
      expect(await after.refs.get('kept')).toEqual({ id: 'kept' });
      expect(await ids(after, 'old')).toHaveLength(1);
      expect((await after.audit.query({ limit: 5 })).entries).toEqual([]);
    } finally {
      await after.close();
    }
  });
});
