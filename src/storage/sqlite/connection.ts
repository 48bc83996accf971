/**
 * How a connection to the store's file is set up (pragmas are per connection), and the
 * transaction kind for writes that read first.
 */
import type Database from 'better-sqlite3';

type Db = Database.Database;

/** WAL, FULL sync, a busy wait, and zeroed deleted rows. */
export function configure(db: Db): Db {
  db.pragma('journal_mode = WAL');
  // FULL: a turn acknowledges a stored value only once it survives a power cut.
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  // Deleted rows are overwritten with zeros, not left in free space for a file reader to find.
  db.pragma('secure_delete = ON');
  return db;
}

/**
 * A transaction that takes the write lock when it begins (BEGIN IMMEDIATE). Another connection may
 * write the file too (a `justask` command beside the server): a deferred transaction that reads
 * and then writes after the other committed fails at once with SQLITE_BUSY instead of waiting; an
 * immediate one waits its turn (busy_timeout). Nested in another transaction it is a savepoint.
 */
export function writeTransaction<A extends unknown[], R>(db: Db, fn: (...args: A) => R): (...args: A) => R {
  const t = db.transaction(fn);
  return (...args: A) => t.immediate(...args);
}
