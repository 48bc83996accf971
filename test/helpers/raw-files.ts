/**
 * Looks for customer values in the raw bytes a store leaves behind: every file of a data folder
 * (SQLite's database, -wal and -shm files, keys) or every document of a MongoDB database, read as
 * bytes, not through the store. A value counts as found in clear and inside base64 (as a `data:`
 * attachment would carry it), at each of the three byte alignments.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The strings that betray `value`: itself and the base64 runs that only its bytes determine. */
export function rawForms(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  const forms = [value];
  for (let s = 0; s < 3; s++) {
    const whole = bytes.subarray(s, s + 3 * Math.floor((bytes.length - s) / 3));
    if (whole.length >= 6) forms.push(whole.toString('base64'));
  }
  return forms;
}

/** Every file under `dir` (recursively) with its bytes as latin1 text. */
export function rawFiles(dir: string): { file: string; text: string }[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return rawFiles(path);
    return [{ file: name, text: readFileSync(path).toString('latin1') }];
  });
}

/** "file: form" for every form of every value found in `sources`; empty when none is. */
export function findValues(sources: readonly { file: string; text: string }[], values: readonly string[]) {
  const utf8AsLatin1 = (s: string) => Buffer.from(s, 'utf8').toString('latin1');
  return sources.flatMap(({ file, text }) =>
    values
      .flatMap(rawForms)
      .filter((form) => text.includes(utf8AsLatin1(form)))
      .map((form) => `${file}: ${form}`),
  );
}
