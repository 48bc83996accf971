import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/app/config.ts';
import { loadKeys } from '../../../src/app/keys.ts';

const log = pino({ level: 'silent' });
const b64 = (fill: number) => Buffer.alloc(32, fill).toString('base64');
const subject = b64(9);
const load = (env: Record<string, string>) =>
  loadKeys(loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'justask-keys-')), ...env }), log);

describe('data keys', () => {
  it('reads named keys, newest first', () => {
    const { dataKeys } = load({ DATA_KEY: `k2:${b64(2)},k1:${b64(1)}`, SUBJECT_KEY: subject });
    expect(dataKeys.map((k) => k.id)).toEqual(['k2', 'k1']);
    expect(dataKeys[1]?.key).toEqual(Buffer.alloc(32, 1));
  });

  it.each([
    ['a single unnamed key', b64(1), /key 1 has no id; write it as id:key, e.g. k1:/],
    ['an unnamed key after a named one', `k2:${b64(2)},${b64(1)}`, /key 2 has no id.*k2:/],
    ['a key with an empty id', `:${b64(1)}`, /key 1 has no id/],
    ['an id listed twice', `k1:${b64(2)},k1:${b64(1)}`, /key id "k1" is listed twice/],
    // Before: the unnamed second key got the id k2 from its position, the same as the first.
    ['a name that an unnamed key would have taken', `k2:${b64(2)},${b64(1)}`, /has no id/],
    ['an id with spaces', `my key:${b64(1)}`, /must be 1-32 letters/],
    ['a key that is not 32 bytes', `k1:${Buffer.alloc(16).toString('base64')}`, /32 bytes/],
  ])('refuses %s at start with a clear message', (_case, DATA_KEY, message) => {
    expect(() => load({ DATA_KEY, SUBJECT_KEY: subject })).toThrow(ConfigError);
    expect(() => load({ DATA_KEY, SUBJECT_KEY: subject })).toThrow(message);
  });

  it('generates named development keys into DATA_DIR and reads them back', () => {
    const dir = mkdtempSync(join(tmpdir(), 'justask-keys-'));
    const first = loadKeys(loadConfig({ DATA_DIR: dir }), log);
    expect(readFileSync(join(dir, 'data-key'), 'utf8')).toMatch(/^k1:/);
    const again = loadKeys(loadConfig({ DATA_DIR: dir }), log);
    expect(again.dataKeys).toEqual(first.dataKeys);
    expect(again.subjectKey).toEqual(first.subjectKey);
    expect(first.dataKeys.map((k) => k.id)).toEqual(['k1']);
  });

  it('takes the subject key named or not, but only one', () => {
    expect(load({ DATA_KEY: `k1:${b64(1)}`, SUBJECT_KEY: `k1:${subject}` }).subjectKey).toEqual(
      Buffer.alloc(32, 9),
    );
    expect(load({ DATA_KEY: `k1:${b64(1)}`, SUBJECT_KEY: subject }).subjectKey).toEqual(Buffer.alloc(32, 9));
    expect(() => load({ DATA_KEY: `k1:${b64(1)}`, SUBJECT_KEY: `${subject},${b64(8)}` })).toThrow(/one key/);
  });
});
