/** The SQLite store's files: only the service's user may read them, whatever the umask or their old modes. */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../../src/storage/sqlite/index.ts';

let root = '';
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'justask-files-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const mode = (path: string) => statSync(path).mode & 0o777;
const modes = (file: string) =>
  [file, `${file}-wal`, `${file}-shm`].filter((f) => existsSync(f)).map((f) => [f, mode(f)]);

/** Opens the store with umask 0 (files would be world-writable by default), writes, closes. */
async function openWrite(file: string) {
  const old = process.umask(0);
  try {
    const store = openSqliteStore(file);
    await store.state.write('k', { n: 1 });
    return store;
  } finally {
    process.umask(old);
  }
}

describe('SQLite files', () => {
  it('creates DATA_DIR 0700 and the database, -wal and -shm files 0600 even with umask 0', async () => {
    const dir = join(root, 'new', 'data');
    const file = join(dir, 'justask.db');
    const store = await openWrite(file);
    expect(mode(dir)).toBe(0o700);
    expect(modes(file)).toEqual([
      [file, 0o600],
      [`${file}-wal`, 0o600],
      [`${file}-shm`, 0o600],
    ]);
    await store.close();
  });

  it('tightens an existing folder and files left readable by others when it opens them', async () => {
    const dir = join(root, 'old');
    const file = join(dir, 'justask.db');
    mkdirSync(dir);
    await (await openWrite(file)).close();
    chmodSync(dir, 0o755);
    writeFileSync(`${file}-wal`, '');
    for (const f of [file, `${file}-wal`]) chmodSync(f, 0o644);

    const store = await openWrite(file);
    expect(mode(dir)).toBe(0o700);
    expect(modes(file).map(([, m]) => m)).toEqual([0o600, 0o600, 0o600]);
    await store.close();
  });
});
