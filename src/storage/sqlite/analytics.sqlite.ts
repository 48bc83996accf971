/**
 * Opt-in analytics on SQLite: one row per counter, incremented with an upsert, and pending asks.
 * Queries sum counters over a day range; the primary key starts with `day`, so a range is a scan
 * of its own rows only.
 */
import type { Database, Statement } from 'better-sqlite3';
import { writeTransaction } from './connection.ts';
import {
  countKeyOf,
  CountQuery,
  KEY_FIELDS,
  mergeDeltas,
  PendingAsk,
  type AskEventType,
  type CountDelta,
  type CountKey,
  type CountRow,
  type Dimension,
} from '../counters.ts';
import { guarded } from '../errors.ts';
import type { AnalyticsStore, PendingAskStore } from '../ports.ts';

type KeyParams = { [F in (typeof KEY_FIELDS)[number]]: string } & { n: number };

const COLUMNS = KEY_FIELDS.join(', ');
const PARAMS = KEY_FIELDS.map((f) => `@${f}`).join(', ');

export function sqliteAnalytics(db: Database): AnalyticsStore {
  const increment = db.prepare<KeyParams>(
    `INSERT INTO ask_counts (${COLUMNS}, n) VALUES (${PARAMS}, @n)
     ON CONFLICT (${COLUMNS}) DO UPDATE SET n = n + excluded.n`,
  );
  const params = (key: CountKey, n: number): KeyParams => ({ ...key, n });
  const probe = db.prepare('SELECT 1 FROM ask_counts LIMIT 1');
  const addAll = writeTransaction(db, (deltas: readonly CountDelta[]) => {
    for (const d of mergeDeltas(deltas)) increment.run(params(d.key, d.n));
  });
  const statements = new Map<string, Statement<unknown[], Record<string, string | number>>>();
  const prepared = (sql: string) => {
    let s = statements.get(sql);
    if (!s) {
      // Group and filter combinations are few in practice; a cap keeps odd requests from piling up.
      if (statements.size >= 200) statements.clear();
      statements.set(sql, (s = db.prepare<unknown[], Record<string, string | number>>(sql)));
    }
    return s;
  };

  return {
    record: (event) => guarded('count the ask event', () => void increment.run(params(countKeyOf(event), 1))),
    add: (deltas) => guarded('add ask counts', () => addAll(deltas)),
    // Summing rows is fast here: nothing to fold (the probe keeps a closed store failing like the rest).
    compact: () => guarded('fold ask counts', () => (probe.get(), 0)),
    query: (input) =>
      guarded('sum ask counts', () => {
        const q = CountQuery.parse(input);
        // Column names come from the Dimension enum only, never from the request.
        const dims = [...new Set(q.groupBy)];
        const where = ['day >= ?', 'day <= ?'];
        const args: string[] = [q.from, q.to];
        for (const [dim, values] of Object.entries(q.filters) as [Dimension, string[]][]) {
          where.push(`${dim} IN (${values.map(() => '?').join(', ')})`);
          args.push(...values);
        }
        const select = [...dims, 'type', 'reason'].join(', ');
        const sql = `SELECT ${select}, SUM(n) AS n FROM ask_counts WHERE ${where.join(' AND ')} GROUP BY ${select}`;
        const rows = prepared(sql).all(...args);
        return rows.map((r): CountRow => ({
          group: Object.fromEntries(dims.map((d) => [d, String(r[d])])),
          type: r.type as AskEventType,
          reason: String(r.reason),
          n: Number(r.n),
        }));
      }),
  };
}

export function sqlitePendingAsks(db: Database): PendingAskStore {
  const upsert = db.prepare<[string, number, string]>(
    `INSERT INTO pending_asks (key, since, doc) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET since = excluded.since, doc = excluded.doc`,
  );
  const del = db.prepare<[string]>('DELETE FROM pending_asks WHERE key = ?');
  const delIf = db.prepare<[string, number]>('DELETE FROM pending_asks WHERE key = ? AND since = ?');
  const quiet = db.prepare<[number, number], { doc: string }>(
    'SELECT doc FROM pending_asks WHERE since < ? ORDER BY since LIMIT ?',
  );
  return {
    set: (ask) =>
      guarded(
        'note the pending ask',
        () => void upsert.run(ask.key, ask.since.getTime(), JSON.stringify(ask)),
      ),
    clear: (key) => guarded('clear the pending ask', () => void del.run(key)),
    quiet: (before, limit) =>
      guarded('read quiet pending asks', () =>
        quiet.all(before.getTime(), limit).map((r) => PendingAsk.parse(JSON.parse(r.doc))),
      ),
    settle: (key, since) =>
      guarded('settle the pending ask', () => delIf.run(key, since.getTime()).changes > 0),
  };
}
