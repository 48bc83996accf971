#!/usr/bin/env node
// Compiles src/ to dist/ (tsc, incremental) and copies the files the server reads beside its modules.
// Run by `npm run build`, by `npm install` (prepare) and by `npm start` when src/ changed since.
import { execFileSync } from 'node:child_process';
import { cpSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
cpSync(join(root, 'src/http/pages'), join(root, 'dist/http/pages'), { recursive: true });
writeFileSync(join(root, 'dist/.built'), new Date().toISOString() + '\n');
