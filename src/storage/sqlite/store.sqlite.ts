/** The embedded store: every port on one SQLite file (better-sqlite3, WAL, synchronous). */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { ETagConflictError, guarded } from '../errors.ts';
import type {
  ConversationRefStore,
  LeaseStore,
  LedgerStore,
  StateEntry,
  StateStore,
  Store,
} from '../ports.ts';
import { LedgerRecord } from '../records.ts';
import { sqliteAuditLog } from './audit.sqlite.ts';
import { sqliteHeldItems } from './held-items.sqlite.ts';
import { sqliteAnalytics, sqlitePendingAsks } from './analytics.sqlite.ts';
import { migrate } from './migrate.ts';

type Db = Database.Database;

function ledger(db: Db): LedgerStore {
  const insert = db.prepare<[string, string, string, number, string]>(
    'INSERT INTO ledger (id, idem, subject, at, doc) VALUES (?, ?, ?, ?, ?) ON CONFLICT (idem) DO NOTHING',
  );
  const select = db.prepare<[string], { doc: string }>(
    'SELECT doc FROM ledger WHERE subject = ? ORDER BY seq',
  );
  return {
    append: (r) =>
      guarded('append to the consent ledger', () =>
        insert.run(r.id, r.idem, r.subject, r.at.getTime(), JSON.stringify(r)).changes > 0
          ? 'appended'
          : 'duplicate',
      ),
    forSubject: (subject) =>
      guarded('read the consent ledger', () =>
        select.all(subject).map((r) => LedgerRecord.parse(JSON.parse(r.doc))),
      ),
  };
}

function refs(db: Db): ConversationRefStore {
  const upsert = db.prepare<[string, string, number]>(
    'INSERT INTO conversation_refs (subject, doc, updated_at) VALUES (?, ?, ?) ON CONFLICT (subject) DO UPDATE SET doc = excluded.doc, updated_at = excluded.updated_at',
  );
  const select = db.prepare<[string], { doc: string }>('SELECT doc FROM conversation_refs WHERE subject = ?');
  const del = db.prepare<[string]>('DELETE FROM conversation_refs WHERE subject = ?');
  return {
    delete: (subject) => guarded('delete the conversation reference', () => void del.run(subject)),
    save: (subject, ref, at) =>
      guarded(
        'save the conversation reference',
        () => void upsert.run(subject, JSON.stringify(ref), at.getTime()),
      ),
    get: (subject) =>
      guarded('read the conversation reference', () => {
        const row = select.get(subject);
        return row ? (JSON.parse(row.doc) as Record<string, unknown>) : undefined;
      }),
  };
}

function state(db: Db): StateStore {
  const select = db.prepare<[string], { doc: string; etag: string }>(
    'SELECT doc, etag FROM bot_state WHERE key = ?',
  );
  const insert = db.prepare<[string, string, string]>(
    'INSERT INTO bot_state (key, doc, etag) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING',
  );
  const replace = db.prepare<[string, string, string]>(
    'INSERT INTO bot_state (key, doc, etag) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET doc = excluded.doc, etag = excluded.etag',
  );
  const cas = db.prepare<[string, string, string, string]>(
    'UPDATE bot_state SET doc = ?, etag = ? WHERE key = ? AND etag = ?',
  );
  const del = db.prepare<[string]>('DELETE FROM bot_state WHERE key = ?');
  return {
    read: (keys) =>
      guarded('read bot state', () => {
        const out = new Map<string, StateEntry>();
        for (const key of keys) {
          const row = select.get(key);
          if (row) out.set(key, { doc: JSON.parse(row.doc) as Record<string, unknown>, eTag: row.etag });
        }
        return out;
      }),
    write: (key, doc, expected) =>
      guarded('write bot state', () => {
        const eTag = randomUUID();
        const json = JSON.stringify(doc);
        if (expected === undefined || expected === '*') replace.run(key, json, eTag);
        else if (
          cas.run(json, eTag, key, expected).changes === 0 &&
          insert.run(key, json, eTag).changes === 0
        ) {
          throw new ETagConflictError(key);
        }
        return eTag;
      }),
    delete: (keys) =>
      guarded('delete bot state', () => {
        for (const k of keys) del.run(k);
      }),
  };
}

function leases(db: Db): LeaseStore {
  const take = db.prepare<[string, string, number, number]>(
    `INSERT INTO leases (name, holder, expires_at) VALUES (?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
     WHERE leases.holder = excluded.holder OR leases.expires_at <= ?`,
  );
  const drop = db.prepare<[string, string]>('DELETE FROM leases WHERE name = ? AND holder = ?');
  return {
    acquire: (name, holder, now, until) =>
      guarded('take the lease', () => take.run(name, holder, until.getTime(), now.getTime()).changes > 0),
    release: (name, holder) => guarded('release the lease', () => void drop.run(name, holder)),
  };
}

/** Opens (creating if needed) the SQLite store at `file`. */
export function openSqliteStore(file: string): Store {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // FULL: a turn acknowledges a stored value only once it survives a power cut.
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return {
    kind: 'sqlite',
    audit: sqliteAuditLog(db),
    items: sqliteHeldItems(db),
    ledger: ledger(db),
    refs: refs(db),
    state: state(db),
    leases: leases(db),
    analytics: sqliteAnalytics(db),
    pendingAsks: sqlitePendingAsks(db),
    ping: () => guarded('answer a ping', () => void db.prepare('SELECT 1').get()),
    close: () => Promise.resolve(void (db.open && db.close())),
  };
}
