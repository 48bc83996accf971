/**
 * Data and subject keys: from DATA_KEY / SUBJECT_KEY (base64 of 32 bytes; DATA_KEY may list
 * `id:key` pairs, newest first, so keys can rotate). Outside production a missing key is
 * generated into DATA_DIR with a warning; in production the server refuses to start.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { DataKey } from '../consent/index.ts';
import { ConfigError, type Config } from './config.ts';

function decode(name: string, b64: string): Buffer {
  const key = Buffer.from(b64, 'base64');
  if (key.length !== 32)
    throw new ConfigError(`${name} must be base64 of 32 bytes (openssl rand -base64 32)`);
  return key;
}

function fromFileOrNew(cfg: Config, name: string, file: string, log: Logger): string {
  if (cfg.NODE_ENV === 'production') throw new ConfigError(`${name} is required when NODE_ENV=production`);
  const path = join(cfg.DATA_DIR, file);
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  mkdirSync(cfg.DATA_DIR, { recursive: true });
  const value = `k1:${randomBytes(32).toString('base64')}`;
  writeFileSync(path, value + '\n', { mode: 0o600 });
  log.warn({ file: path }, `${name} is not set: generated a key into DATA_DIR (set ${name} in production)`);
  return value;
}

const parsePairs = (name: string, s: string): DataKey[] =>
  s.split(',').map((part, i) => {
    const j = part.indexOf(':');
    return j > 0
      ? { id: part.slice(0, j), key: decode(name, part.slice(j + 1)) }
      : { id: `k${i + 1}`, key: decode(name, part) };
  });

export function loadKeys(cfg: Config, log: Logger): { dataKeys: DataKey[]; subjectKey: Buffer } {
  const data = cfg.DATA_KEY ?? fromFileOrNew(cfg, 'DATA_KEY', 'data-key', log);
  const subject = cfg.SUBJECT_KEY ?? fromFileOrNew(cfg, 'SUBJECT_KEY', 'subject-key', log);
  const subjectKey = parsePairs('SUBJECT_KEY', subject)[0]?.key;
  if (!subjectKey) throw new ConfigError('SUBJECT_KEY is empty');
  return { dataKeys: parsePairs('DATA_KEY', data), subjectKey };
}
