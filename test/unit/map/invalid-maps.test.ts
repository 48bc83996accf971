/**
 * The validator's rules on legal bases, providers and step names: each fixture under
 * test/fixtures/invalid-maps/<case>/ holds the files that differ from the tiny map, and
 * `problems.txt` the exact problems (file:line path: message) the validator must report.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatProblem, loadMap } from '../../../src/map/index.ts';

const root = resolve('test/fixtures/invalid-maps');
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Problems of the tiny map with the case's files laid over it, paths relative to the map. */
function problemsOf(name: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'justask-invalid-'));
  dirs.push(dir);
  cpSync(resolve('test/fixtures/tiny'), dir, { recursive: true });
  cpSync(join(root, name), dir, { recursive: true, filter: (f) => !f.endsWith('problems.txt') });
  return loadMap({ dialogsDir: dir, localesDir: resolve('locales'), env: FIXTURE_ENV }).problems.map((p) =>
    formatProblem({ ...p, file: p.file.slice(p.file.indexOf('justask-invalid-')).replace(/^[^/]+\//, '') }),
  );
}

/** The environment the fixtures' `${VAR}` references read: one system set up, one secret wrong. */
const FIXTURE_ENV = {
  TINY_CRM_URL: 'http://127.0.0.1:4100',
  TINY_CRM_SECRET: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  TINY_SYNC_SECRET: 'sync-secret',
};

const cases = readdirSync(root).sort();

describe('invalid maps', () => {
  it('has a fixture for every rule on bases, providers and step names', () => {
    expect(cases).toEqual([
      'action-on-unknown-system',
      'action-outcome-missing-step',
      'action-system-receives-nothing',
      'interest-text-missing',
      'interest-without-legitimate-interests',
      'legitimate-interests-unstated',
      'no-channel-provider',
      'optional-need-on-contract',
      'optional-need-on-legal-obligation',
      'providers-and-records-missing',
      'secret-not-webhook-secret',
      'special-category-without-explicit-consent',
      'step-name-missing',
      'transfer-not-declared',
      'unknown-recipient',
    ]);
  });

  it.each(cases)('%s: reports exactly its problems', (name) => {
    const want = readFileSync(join(root, name, 'problems.txt'), 'utf8')
      .trim()
      .split('\n');
    expect(problemsOf(name)).toEqual(want);
  });

  it('the tiny map the cases start from has no problem', () => {
    expect(
      loadMap({ dialogsDir: resolve('test/fixtures/tiny'), localesDir: resolve('locales') }).problems,
    ).toEqual([]);
  });
});
