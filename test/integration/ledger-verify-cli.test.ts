/**
 * `npx justask ledger verify` on what a real server wrote: every chain intact and every ask's
 * text found in the notice archive (exit 0); a record edited, or the last one deleted, in the raw
 * SQLite file is reported with its subject and kind (exit 1); `--subject` checks one chain.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChannel, type ChannelStub } from '../helpers/channel-stub.ts';
import { startServer, turn } from '../helpers/server-process.ts';

const run = promisify(execFile);
const base = {
  DATA_DIR: mkdtempSync(join(tmpdir(), 'justask-verify-cli-')),
  DATA_KEY: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
  SUBJECT_KEY: Buffer.alloc(32, 3).toString('base64'),
  MONGODB_URI: '',
};

/** Runs the CLI; resolves with its output and exit code (a non-zero exit is not an error here). */
async function verify(...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await run(process.execPath, ['bin/justask.js', 'ledger', 'verify', ...args], {
      env: { ...process.env, ...base },
    });
    return { code: 0, out: stdout };
  } catch (e) {
    const err = e as { code: number; stdout: string };
    return { code: err.code, out: err.stdout };
  }
}

function raw<T>(fn: (db: Database.Database) => T): T {
  const db = new Database(join(base.DATA_DIR, 'justask.db'));
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

let channel: ChannelStub;
beforeAll(async () => {
  channel = await startChannel();
  const server = await startServer(base);
  try {
    for (const user of ['olga', 'piet']) {
      const who = { user, serviceUrl: channel.url };
      await turn(server.url, 'deliver my order', who);
      await turn(server.url, 'Morning', who);
      await turn(server.url, '07911 123456', who);
    }
  } finally {
    await server.stop();
  }
}, 60_000);
afterAll(() => channel?.close());

describe('justask ledger verify', () => {
  it('passes the chains a server wrote and finds every ask’s text in the notice archive', async () => {
    const { code, out } = await verify();
    expect(code).toBe(0);
    expect(out).toMatch(/checked 2 subject\(s\), \d+ record\(s\): every chain is intact/);
    expect(out).not.toContain('texts not checked');
    expect(out).toMatch(/^root [0-9a-f]{64}$/m);
  });

  it('reports a record edited or the last one deleted in the raw file, and exits 1', async () => {
    const [olga, piet] = raw((db) =>
      db.prepare<[], { subject: string }>('SELECT DISTINCT subject FROM ledger ORDER BY seq').all(),
    ).map((r) => r.subject);
    raw((db) =>
      db
        .prepare(
          `UPDATE ledger SET doc = json_set(doc, '$.event', 'declined') WHERE subject = ? AND json_extract(doc, '$.event') = 'granted'`,
        )
        .run(olga),
    );
    raw((db) =>
      db.prepare('DELETE FROM ledger WHERE seq = (SELECT MAX(seq) FROM ledger WHERE subject = ?)').run(piet),
    );
    const all = await verify();
    expect(all.code).toBe(1);
    expect(all.out).toContain(`BROKEN ${olga} edited`);
    expect(all.out).toContain(`BROKEN ${piet} truncated`);
    expect(all.out).toContain('2 subject(s) with a break');
    const one = await verify('--subject', piet ?? '');
    expect(one.code).toBe(1);
    expect(one.out).not.toContain(olga);
  });
});
