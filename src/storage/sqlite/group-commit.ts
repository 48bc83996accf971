/**
 * Group commit: the turns that finish while a commit runs are written together in the next
 * transaction, each in a savepoint of its own — one fsync for all of them, and a turn that fails
 * (a stale eTag) rolls back alone. Each turn's promise settles only after the commit that holds
 * it, so nothing is acknowledged before it is on disk.
 */
import type Database from 'better-sqlite3';

interface Waiting<I, O> {
  readonly input: I;
  readonly resolve: (o: O) => void;
  readonly reject: (e: unknown) => void;
}

/** `apply` (run as a savepoint) for many inputs in one transaction, started on the next tick. */
export function groupCommit<I, O>(db: Database.Database, apply: (input: I) => O) {
  const one = db.transaction(apply);
  let queue: Waiting<I, O>[] = [];
  const commit = (group: Waiting<I, O>[]) => {
    const results: ({ ok: true; value: O } | { ok: false; error: unknown })[] = [];
    db.transaction(() => {
      for (const w of group) {
        try {
          // Nested in the group's transaction, `one` is a savepoint: a failure undoes this input only.
          results.push({ ok: true, value: one(w.input) });
        } catch (error) {
          results.push({ ok: false, error });
        }
      }
    })();
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
  return (input: I): Promise<O> =>
    new Promise<O>((resolve, reject) => {
      if (queue.push({ input, resolve, reject }) === 1) setImmediate(flush);
    });
}
