/** The storage contract on the embedded SQLite store (always runs), and what only SQLite promises. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ETagConflictError } from '../../src/storage/index.ts';
import { openSqliteStore } from '../../src/storage/sqlite/index.ts';
import { verifyChain } from '../../src/consent/index.ts';
import { at, grant, heldItem, ledgerRecord } from './fixtures.ts';
import { describeStoreContract } from './store-contract.ts';

describeStoreContract('SQLite', () => Promise.resolve(openSqliteStore(':memory:')), {
  openUnreachable: async () => {
    const closed = openSqliteStore(':memory:');
    await closed.close();
    return closed;
  },
});

describe('SQLite audit log', () => {
  it('refuses to update or delete an entry, even by raw SQL', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'justask-audit-'));
    const file = join(dir, 'justask.db');
    const store = openSqliteStore(file);
    await store.audit.append({ id: 'a1', at: at(0), actor: 'dpo:0badf00d', action: 'subject.erase' });
    const raw = new Database(file);
    try {
      expect(() => raw.prepare("UPDATE audit_log SET actor = 'x'").run()).toThrow(/append-only/);
      expect(() => raw.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
      expect((await store.audit.query({ limit: 5 })).entries.map((e) => e.actor)).toEqual(['dpo:0badf00d']);
    } finally {
      raw.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lets only the retention sweep delete, and only entries older than its cutoff', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'justask-audit-'));
    const file = join(dir, 'justask.db');
    const store = openSqliteStore(file);
    await store.audit.append({ id: 'old', at: at(0), actor: 'dpo:0badf00d', action: 'subject.read' });
    await store.audit.append({ id: 'new', at: at(2), actor: 'dpo:0badf00d', action: 'subject.read' });
    const raw = new Database(file);
    try {
      // An old entry is still refused outside the sweep's transaction.
      expect(() => raw.prepare("DELETE FROM audit_log WHERE id = 'old'").run()).toThrow(/append-only/);
      expect(await store.audit.deleteBefore(at(1), 10)).toBe(1);
      expect((await store.audit.query({ limit: 5 })).entries.map((e) => e.id)).toEqual(['new']);
      // The sweep leaves no cutoff behind: the next delete is refused again.
      expect(raw.prepare('SELECT * FROM audit_retention').all()).toEqual([]);
      expect(() => raw.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    } finally {
      raw.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('SQLite turn batches', () => {
  it('commits turns that finish together in one transaction; a stale eTag fails only its own turn', async () => {
    const store = openSqliteStore(':memory:');
    const meta = { at: at(0) };
    const first = await store.turns.apply({
      subject: 's0',
      items: [],
      ledger: [],
      counts: [],
      state: { key: 'k', doc: { n: 1 }, meta },
    });
    const put = (subject: string) => ({
      subject,
      items: [{ kind: 'put' as const, item: heldItem(subject), grant: grant('delivery-sms') }],
      ledger: [],
      counts: [],
    });
    const results = await Promise.allSettled([
      store.turns.apply(put('s1')),
      store.turns.apply({ ...put('s2'), state: { key: 'k', doc: { n: 2 }, expected: 'stale', meta } }),
      store.turns.apply({
        ...put('s3'),
        state: { key: 'k', doc: { n: 3 }, expected: first.eTag ?? '', meta },
      }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(ETagConflictError);
    expect((await store.turns.facts('s1')).held).toHaveLength(1);
    expect((await store.turns.facts('s2')).held).toEqual([]);
    expect((await store.turns.facts('s3')).held).toHaveLength(1);
    expect((await store.state.read(['k'])).get('k')?.doc).toEqual({ n: 3 });
    await store.close();
  });
});

describe('SQLite ledger chain across connections', () => {
  it('links after what another connection to the same file appended (two processes, one file)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'justask-chain-'));
    const file = join(dir, 'justask.db');
    const [a, b] = [openSqliteStore(file), openSqliteStore(file)];
    try {
      await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          (i % 2 ? a : b).turns.apply({
            subject: 's',
            items: [],
            counts: [],
            ledger: [ledgerRecord('s', at(i))],
          }),
        ),
      );
      for (let i = 10; i < 14; i++) await (i % 2 ? a : b).ledger.append(ledgerRecord('s', at(i)));
      const records = await a.ledger.forSubject('s');
      expect(records.map((r) => r.seq)).toEqual(Array.from({ length: 14 }, (_, i) => i + 1));
      expect(verifyChain('s', records, await b.ledger.chainHead('s')).breaks).toEqual([]);
    } finally {
      await a.close();
      await b.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
