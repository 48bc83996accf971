/**
 * The SQLite files hold pseudonymous ids and ciphertexts, and old copies of deleted pages until
 * they are overwritten: only the service's user may read them. The folder is 0700, the database
 * and its -wal / -shm files 0600, set explicitly (whatever the umask) and re-set on every open.
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

const STICKY = 0o1000;

/** The database file and the files SQLite keeps beside it. */
export const sqliteFiles = (file: string): string[] => [file, `${file}-wal`, `${file}-shm`];

/**
 * Creates the folder (0700) and the database file (0600) if needed and tightens existing ones.
 * An existing folder is tightened only when this user owns it and it is not a shared (sticky) one
 * such as /tmp.
 */
export function protectDataFiles(file: string): void {
  const dir = dirname(file);
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = statSync(dir);
  if (st.uid === process.getuid?.() && (st.mode & STICKY) === 0 && (st.mode & 0o777) !== 0o700)
    chmodSync(dir, 0o700);
  closeSync(openSync(file, 'a', 0o600));
  protectSidecars(file);
}

/** Sets 0600 on the database file and whichever of its -wal / -shm files exist. */
export function protectSidecars(file: string): void {
  for (const f of sqliteFiles(file)) if (existsSync(f)) chmodSync(f, 0o600);
}
