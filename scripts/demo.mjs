#!/usr/bin/env node
// `npm run demo`: the example shop back end (examples/shop-backend/) and the bot together, the
// sample map's systems pointed at the back end with .env.example's values (a .env or the
// environment still wins). Ctrl-C stops both.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
if (existsSync('.env')) process.loadEnvFile('.env');
const example = Object.fromEntries(
  readFileSync(join(root, '.env.example'), 'utf8')
    .split('\n')
    .filter((l) => /^(LOGISTICS|MAILER)_/.test(l))
    .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
);
const env = { ...example, ...Object.fromEntries(Object.entries(process.env).filter(([, v]) => v)) };
const children = [
  spawn(process.execPath, [join(root, 'examples/shop-backend/server.mjs')], { env, stdio: 'inherit' }),
  spawn(process.execPath, [join(root, 'scripts/start.mjs')], { env, stdio: 'inherit' }),
];
const stop = () => children.forEach((c) => c.kill('SIGTERM'));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const c of children) c.on('exit', (code) => (stop(), (process.exitCode ||= code ?? 0)));
