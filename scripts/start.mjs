#!/usr/bin/env node
// `npm start`: runs the compiled server (dist/), building it first when it is missing or older
// than any file in src/ — so `git pull && npm start` never runs stale code. No tsx at run time.
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The newest modification time of any file under `dir`. */
function newest(dir) {
  let latest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) latest = Math.max(latest, statSync(join(e.parentPath, e.name)).mtimeMs);
  }
  return latest;
}

function builtAt() {
  try {
    return statSync(join(root, 'dist/.built')).mtimeMs;
  } catch {
    return -1;
  }
}

if (builtAt() < newest(join(root, 'src'))) {
  console.error('justask: compiling src/ to dist/ …');
  execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
}
await import(pathToFileURL(join(root, 'dist/app/main.js')).href);
