/**
 * The group commit on a real SQLite file: writes given together share one transaction (one
 * fsync), a failing write rolls back alone, and a promise settles only once its commit is
 * visible to another connection.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configure } from '../../../src/storage/sqlite/connection.ts';
import { groupCommitter } from '../../../src/storage/sqlite/group-commit.ts';

describe('groupCommitter', () => {
  let dir: string;
  let db: Database.Database;
  let other: Database.Database;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'justask-group-'));
    db = configure(new Database(join(dir, 'g.db')));
    db.exec('CREATE TABLE t (k TEXT PRIMARY KEY)');
    other = configure(new Database(join(dir, 'g.db')));
  });
  afterEach(() => {
    db.close();
    other.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const count = (conn: Database.Database) =>
    (conn.prepare('SELECT count(*) AS n FROM t').get() as { n: number }).n;

  it('writes given in one tick share one transaction, settled after it commits', async () => {
    const commit = groupCommitter(db);
    const insert = db.prepare<[string]>('INSERT INTO t (k) VALUES (?)');
    const seenByOther: number[] = [];
    const writes = ['a', 'b', 'c'].map((k) =>
      commit(() => {
        insert.run(k);
        // Another connection sees none of the group until the group commits.
        seenByOther.push(count(other));
        return k;
      }),
    );
    expect(await Promise.all(writes)).toEqual(['a', 'b', 'c']);
    expect(seenByOther).toEqual([0, 0, 0]);
    expect(count(other)).toBe(3);
  });

  it('a failing write rolls back alone; the others are stored', async () => {
    const commit = groupCommitter(db);
    const insert = db.prepare<[string]>('INSERT INTO t (k) VALUES (?)');
    const results = await Promise.allSettled([
      commit(() => insert.run('a')),
      commit(() => {
        insert.run('b');
        insert.run('a'); // duplicate key: this write fails, its 'b' with it
      }),
      commit(() => insert.run('c')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(other.prepare('SELECT k FROM t ORDER BY k').all()).toEqual([{ k: 'a' }, { k: 'c' }]);
  });

  it('a commit that cannot happen rejects every write of its group', async () => {
    const commit = groupCommitter(db);
    const insert = db.prepare<[string]>('INSERT INTO t (k) VALUES (?)');
    const writes = [commit(() => insert.run('a')), commit(() => insert.run('b'))];
    db.close();
    for (const w of writes) await expect(w).rejects.toThrow();
    db = configure(new Database(join(dir, 'g.db')));
    expect(count(db)).toBe(0);
  });
});
