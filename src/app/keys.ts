/**
 * Data and subject keys: DATA_KEY lists `id:key` pairs (base64 of 32 bytes), newest first, so
 * keys can rotate; an unnamed key or an id listed twice is refused. SUBJECT_KEY is one key. Outside production a missing key is
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

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

/**
 * DATA_KEY: `id:key` pairs, newest first. Every key is named, each name once: the id is stored
 * with every value, so a key guessed from its position could be read as another one.
 */
function parseDataKeys(s: string): DataKey[] {
  const keys = s.split(',').map((raw, i): DataKey => {
    const part = raw.trim();
    const j = part.indexOf(':');
    if (j <= 0)
      throw new ConfigError(
        `DATA_KEY: key ${i + 1} has no id; write it as id:key, e.g. k${i + 1}:<base64> ` +
          `(k${i + 1} is the id earlier versions gave it, so values it encrypted stay readable)`,
      );
    const id = part.slice(0, j);
    if (!KEY_ID.test(id))
      throw new ConfigError(`DATA_KEY: key id "${id}" must be 1-32 letters, digits, '-' or '_'`);
    return { id, key: decode('DATA_KEY', part.slice(j + 1)) };
  });
  const seen = new Set<string>();
  for (const k of keys) {
    if (seen.has(k.id))
      throw new ConfigError(`DATA_KEY: key id "${k.id}" is listed twice; ids must be unique`);
    seen.add(k.id);
  }
  return keys;
}

/** SUBJECT_KEY: one key, optionally named (`k1:<base64>`, as generated in development). */
function parseSubjectKey(s: string): Buffer {
  const part = s.trim();
  if (part.includes(',')) throw new ConfigError('SUBJECT_KEY takes one key: it can never change once used');
  const j = part.indexOf(':');
  return decode('SUBJECT_KEY', j > 0 ? part.slice(j + 1) : part);
}

export function loadKeys(cfg: Config, log: Logger): { dataKeys: DataKey[]; subjectKey: Buffer } {
  const data = cfg.DATA_KEY ?? fromFileOrNew(cfg, 'DATA_KEY', 'data-key', log);
  const subject = cfg.SUBJECT_KEY ?? fromFileOrNew(cfg, 'SUBJECT_KEY', 'subject-key', log);
  return { dataKeys: parseDataKeys(data), subjectKey: parseSubjectKey(subject) };
}
