/**
 * A botbuilder `Storage` on one SQLite file: one row per key, the item as JSON, its eTag beside
 * it. Same durability as justask's store: WAL, synchronous=FULL, busy_timeout 5 s. Each write()
 * is one transaction (one fsync); eTags behave as in botbuilder's MemoryStorage.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

export class SqliteStorage {
  constructor(file) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(
      'CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, doc TEXT NOT NULL, etag TEXT NOT NULL)',
    );
    const select = this.db.prepare('SELECT doc, etag FROM state WHERE key = ?');
    const upsert = this.db.prepare(
      'INSERT INTO state (key, doc, etag) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET doc = excluded.doc, etag = excluded.etag',
    );
    const del = this.db.prepare('DELETE FROM state WHERE key = ?');
    this.selectOne = select;
    this.writeAll = this.db.transaction((changes) => {
      for (const [key, item] of Object.entries(changes)) {
        const { eTag, ...doc } = item;
        const old = select.get(key);
        if (old && eTag && eTag !== '*' && eTag !== old.etag) {
          throw new Error(`Storage: error writing "${key}" due to eTag conflict.`);
        }
        upsert.run(key, JSON.stringify(doc), randomUUID());
      }
    });
    this.deleteAll = this.db.transaction((keys) => {
      for (const key of keys) del.run(key);
    });
  }

  async read(keys) {
    const items = {};
    for (const key of keys) {
      const row = this.selectOne.get(key);
      if (row) items[key] = { ...JSON.parse(row.doc), eTag: row.etag };
    }
    return items;
  }

  async write(changes) {
    this.writeAll(changes);
  }

  async delete(keys) {
    this.deleteAll(keys);
  }

  async close() {
    if (this.db.open) this.db.close();
  }
}
