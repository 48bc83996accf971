/**
 * Group commit: the writes that arrive while a commit runs (turns, delivered events, uses) are
 * written together in the next transaction, each in a savepoint of its own — one fsync for all of
 * them, and a write that fails (a stale eTag) rolls back alone. Each write's promise settles only
 * after the commit that holds it, so nothing is acknowledged before it is on disk.
 */
import type Database from 'better-sqlite3';

/** Runs `write` in the next group transaction; resolves with its result once that is on disk. */
export type Committer = <T>(write: () => T) => Promise<T>;

interface Waiting {
  readonly write: () => unknown;
  readonly resolve: (o: unknown) => void;
  readonly reject: (e: unknown) => void;
}

/** One committer per connection: every write given to it shares the next transaction. */
export function groupCommitter(db: Database.Database): Committer {
  // Nested in the group's transaction, `one` is a savepoint: a failure undoes that write only.
  const one = db.transaction((write: () => unknown) => write());
  let queue: Waiting[] = [];
  const commit = (group: Waiting[]) => {
    const results: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    // IMMEDIATE: the write lock is taken first, so another connection's commit cannot fail this one.
    db.transaction(() => {
      for (const w of group) {
        try {
          results.push({ ok: true, value: one(w.write) });
        } catch (error) {
          results.push({ ok: false, error });
        }
      }
    }).immediate();
    group.forEach((w, i) => {
      const r = results[i];
      if (r?.ok) w.resolve(r.value);
      else w.reject(r?.error);
    });
  };
  const flush = () => {
    const group = queue;
    queue = [];
    try {
      commit(group);
    } catch (e) {
      // The commit itself failed (disk full, closed database): none of the group is stored.
      for (const w of group) w.reject(e);
    }
  };
  return <T>(write: () => T): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const waiting: Waiting = { write, resolve: (o) => resolve(o as T), reject };
      if (queue.push(waiting) === 1) setImmediate(flush);
    });
}
