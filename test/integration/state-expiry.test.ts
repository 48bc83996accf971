/**
 * Idle bot state expires: in the server's sweep (createApp, a test clock) on the configured
 * store, and through `npx justask giveback` on a SQLite data folder.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/app/config.ts';
import { createApp, type App } from '../../src/app/create-app.ts';
import { manualClock } from '../../src/shared/clock.ts';
import { dropMongoStoreDatabase } from '../../src/storage/mongo/index.ts';
import { startServer, turn } from '../helpers/server-process.ts';

const keys = {
  DATA_KEY: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
  SUBJECT_KEY: Buffer.alloc(32, 2).toString('base64'),
};

describe('STATE_TTL', () => {
  it.each([
    // Unset: the map's records.state applies (records-retention.test.ts).
    [undefined, undefined],
    ['P2W', 14 * 86_400_000],
    ['PT12H', 12 * 3_600_000],
  ])('reads %s as an idle time', (ttl, ms) => {
    expect(loadConfig(ttl ? { STATE_TTL: ttl } : {}).STATE_TTL).toBe(ms);
  });
  it.each(['30', 'P', 'thirty days', 'P0D'])('refuses %s', (ttl) => {
    expect(() => loadConfig({ STATE_TTL: ttl })).toThrow(ConfigError);
  });
});

describe('idle bot state in the server', () => {
  const clock = manualClock(new Date('2026-06-01T09:00:00Z'));
  const env = {
    DATA_DIR: mkdtempSync(join(tmpdir(), 'justask-ttl-')),
    PORT: '0',
    HOST: '127.0.0.1',
    GIVEBACK_EVERY_MINUTES: '0',
    STATE_TTL: 'P30D',
    ...keys,
    ...(process.env.MONGODB_URI
      ? {
          MONGODB_URI: process.env.MONGODB_URI,
          MONGODB_DB: `justask_ttl_${process.pid}_${Date.now().toString(36)}`,
        }
      : {}),
  };
  let app: App;
  let url = '';
  beforeAll(async () => {
    app = await createApp(loadConfig(env), { clock, log: pino({ level: 'silent' }) });
    url = `http://127.0.0.1:${(await app.listen()).port}`;
  });
  afterAll(async () => {
    if (app?.store.kind === 'mongodb') await dropMongoStoreDatabase(app.store);
    await app?.close();
  });

  it('is deleted once idle for STATE_TTL: the open question is gone, the conversation starts afresh', async () => {
    const user = `ttl-${process.pid}`;
    expect((await turn(url, 'deliver my order', { user }))[0]?.text).toBe(
      'When would you like your order delivered?',
    );
    clock.advanceDays(29);
    expect(await app.stateExpiry.sweep()).toEqual({ ran: true, deleted: 0 });
    expect((await turn(url, 'Morning', { user }))[0]?.channelData).toMatchObject({
      justask: { kind: 'ask', item: 'mobile' },
    });
    clock.advanceDays(31);
    expect(await app.stateExpiry.sweep()).toEqual({ ran: true, deleted: 1 });
    expect((await turn(url, '07911 123456', { user }))[0]?.text).not.toContain('saved your mobile');
  });
});

describe('npx justask giveback', () => {
  it('expires idle bot state after the give-back sweep', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'justask-ttl-cli-'));
    const env = { DATA_DIR: dataDir, MONGODB_URI: '', ...keys };
    const server = await startServer(env);
    await turn(server.url, 'deliver my order', { user: 'ida' });
    await turn(server.url, 'deliver my order', { user: 'jon' });
    expect(await server.stop()).toBe(0);
    // Ida's conversation was last written 31 days ago (set in the raw file: the CLI runs on the real clock).
    const db = new Database(join(dataDir, 'justask.db'));
    const rows = db.prepare('SELECT key FROM bot_state').all() as { key: string }[];
    expect(rows).toHaveLength(2);
    db.prepare('UPDATE bot_state SET updated_at = ? WHERE key = ?').run(
      Date.now() - 31 * 86_400_000,
      rows[0]?.key,
    );
    db.close();

    const { stdout } = await promisify(execFile)(process.execPath, ['bin/justask.js', 'giveback'], {
      env: { ...process.env, ...env },
    });
    expect(stdout).toContain('expired the bot state of 1 idle conversation(s)');
    const after = new Database(join(dataDir, 'justask.db'), { readonly: true });
    expect(after.prepare('SELECT key FROM bot_state').all()).toEqual([rows[1]]);
    after.close();
  });
});
