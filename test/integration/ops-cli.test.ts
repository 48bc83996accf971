import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { startServer, turn } from '../helpers/server-process.ts';

const run = promisify(execFile);
const k1 = `k1:${Buffer.alloc(32, 1).toString('base64')}`;
const k2 = `k2:${Buffer.alloc(32, 2).toString('base64')}`;
const base = {
  DATA_DIR: mkdtempSync(join(tmpdir(), 'justask-ops-')),
  SUBJECT_KEY: Buffer.alloc(32, 3).toString('base64'),
  MONGODB_URI: '',
};
const cli = async (args: string[], env: Record<string, string>) =>
  (await run(process.execPath, ['bin/justask.js', ...args], { env: { ...process.env, ...base, ...env } }))
    .stdout;

describe('operator commands', () => {
  it('rotate-key re-encrypts held values so the old key can be dropped; giveback --dry-run changes nothing', async () => {
    let server = await startServer({ ...base, DATA_KEY: k1 });
    await turn(server.url, 'deliver my order', { user: 'olga' });
    await turn(server.url, 'Morning', { user: 'olga' });
    await turn(server.url, '07911 123456', { user: 'olga' });
    await server.stop();

    expect(await cli(['rotate-key'], { DATA_KEY: `${k2},${k1}` })).toContain(
      're-encrypted 1 of 1 held value(s) under key k2',
    );
    expect(await cli(['rotate-key'], { DATA_KEY: `${k2},${k1}` })).toContain('re-encrypted 0 of 1');

    server = await startServer({ ...base, DATA_KEY: k2 });
    await turn(server.url, 'deliver my order', { user: 'olga' });
    expect((await turn(server.url, 'Evening', { user: 'olga' }))[0]?.text).toBe(
      "I'll use the mobile number you gave us before (•••• 456).",
    );
    await server.stop();

    expect(await cli(['giveback', '--dry-run'], { DATA_KEY: k2 })).toContain(
      'would give back: 0 unused and 0 expired',
    );
  });
});
