/** The SQLite schema. Held items keep their grants in one JSON document, as in MongoDB. */
import type { Database } from 'better-sqlite3';
import { migrateAuditLog } from './audit.sqlite.ts';

export function migrate(db: Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS held_items (
      subject TEXT NOT NULL,
      item TEXT NOT NULL,
      doc TEXT NOT NULL,
      due_at INTEGER,
      PRIMARY KEY (subject, item)
    );
    CREATE TABLE IF NOT EXISTS ledger (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      idem TEXT NOT NULL UNIQUE,
      subject TEXT NOT NULL,
      at INTEGER NOT NULL,
      doc TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS ledger_subject ON ledger (subject, seq);
    CREATE TABLE IF NOT EXISTS conversation_refs (
      subject TEXT PRIMARY KEY,
      doc TEXT NOT NULL,
      updated_at INTEGER NOT NULL
    );
    CREATE TABLE IF NOT EXISTS leases (
      name TEXT PRIMARY KEY,
      holder TEXT NOT NULL,
      expires_at INTEGER NOT NULL
    );
    CREATE TABLE IF NOT EXISTS ask_counts (
      day TEXT NOT NULL,
      item TEXT NOT NULL,
      purpose TEXT NOT NULL,
      journey TEXT NOT NULL,
      step TEXT NOT NULL,
      locale TEXT NOT NULL,
      channel TEXT NOT NULL,
      type TEXT NOT NULL,
      reason TEXT NOT NULL,
      n INTEGER NOT NULL,
      PRIMARY KEY (day, item, purpose, journey, step, locale, channel, type, reason)
    ) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS pending_asks (
      key TEXT PRIMARY KEY,
      since INTEGER NOT NULL,
      doc TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS pending_asks_since ON pending_asks (since);
    CREATE TABLE IF NOT EXISTS bot_state (
      key TEXT PRIMARY KEY,
      doc TEXT NOT NULL,
      etag TEXT NOT NULL
    );
  `);
  const columns = db.prepare<[], { name: string }>('PRAGMA table_info(held_items)').all();
  if (!columns.some((c) => c.name === 'due_at')) db.exec('ALTER TABLE held_items ADD COLUMN due_at INTEGER');
  db.exec('CREATE INDEX IF NOT EXISTS held_items_due ON held_items (due_at)');
  migrateAuditLog(db);
}
