import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, turn, type ServerProcess } from '../helpers/server-process.ts';

let server: ServerProcess;
beforeAll(async () => {
  server = await startServer({ DATA_DIR: mkdtempSync(join(tmpdir(), 'justask-compiled-')) }, 'compiled');
}, 120_000);
afterAll(async () => {
  await server.stop();
});

describe('npm start runs the compiled server', () => {
  it('serves health and a journey from dist/, without tsx, and stops cleanly on SIGTERM', async () => {
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const replies = await turn(server.url, 'deliver my order', { user: 'compiled-ann' });
    expect(replies[0]?.text).toContain('delivered');
    // Node 20 cannot load a .ts module by itself: answering at all means dist/ served it.
    expect(server.child.spawnargs).toEqual([process.execPath, 'scripts/start.mjs']);
    expect(await server.stop()).toBe(0);
  });
});
