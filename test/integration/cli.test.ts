/**
 * The `justask` command as designers and legal run it (bin/justask.js through tsx), on the sample
 * map and on the map written from docs/writing-journeys.md: exit codes and what it prints.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const guide = 'test/fixtures/guide-example';
const dir = mkdtempSync(join(tmpdir(), 'justask-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `justask ...args` with `input` on stdin; resolves with its exit code and output. */
function justask(args: string[], input = ''): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((ok) => {
    const child = spawn(process.execPath, ['bin/justask.js', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    child.on('close', (code) => ok({ code, out, err }));
    child.stdin.end(input);
  });
}

describe('npx justask', () => {
  it('validate accepts the map written from the guide', async () => {
    const r = await justask(['validate', '--dialogs', guide]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/✓ 1 journeys valid \(\d+ warning\(s\)\), notice version n-[0-9a-f]{12}/);
  });

  it('validate refuses a broken map with file, line and path, exit code 1', async () => {
    const broken = join(dir, 'broken');
    cpSync(guide, broken, { recursive: true });
    const file = join(broken, 'journeys/bike-repair.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('onDecline: no-sms', 'onDecline: no-smss'));
    const r = await justask(['validate', '--dialogs', broken]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(
      /error \S*journeys\/bike-repair\.yaml:20 steps\.ready-sms\.onDecline: step "no-smss" does not exist/,
    );
  });

  it('validate refuses a pattern that can backtrack catastrophically, with file and line', async () => {
    const r = await justask(['validate', '--dialogs', 'test/fixtures/unsafe-pattern']);
    expect(r.code).toBe(1);
    expect(r.out).toContain(
      'error test/fixtures/unsafe-pattern/catalog.yaml:13 items.email.constraints.pattern: pattern can backtrack catastrophically',
    );
  });

  it('map draws journeys as text, Mermaid and HTML', async () => {
    const text = await justask(['map']);
    expect(text.out).toContain('needs mobile for delivery-sms (consent, P30D, optional)');
    const mermaid = await justask(['map', '--format', 'mermaid', '--dialogs', guide]);
    expect(mermaid.out).toMatch(/^flowchart TD\n/);
    expect(mermaid.out).toContain('bike_repair__ready_sms -. declined .-> bike_repair__no_sms');
    const html = join(dir, 'map.html');
    expect((await justask(['map', '--format', 'html', '--out', html])).code).toBe(0);
    expect(readFileSync(html, 'utf8')).toContain('<h1>Dialogue map of Example Shop B.V.</h1>');
  });

  it('notice prints the privacy notice in the asked language and format', async () => {
    const nl = await justask(['notice', '--locale', 'nl', '--dialogs', guide]);
    expect(nl.code).toBe(0);
    expect(nl.out).toMatch(/^# Privacyverklaring van Spokes Bike Repair B\.V\.\n/);
    expect(nl.out).toContain('Om je uit te nodigen ons werk te beoordelen');
    const html = await justask(['notice', '--format', 'html', '--locale', 'de']);
    expect(html.out).toMatch(/^<!doctype html>\n<html lang="de">/);
    expect((await justask(['notice', '--locale', 'es'])).code).toBe(1);
  });

  it('notice --archive keeps the version once, with the exact wording of every ask', async () => {
    const archive = join(dir, 'archive');
    const first = await justask(['notice', '--archive', archive, '--dialogs', guide]);
    expect(first.code).toBe(0);
    const [, version] = /archived .*(n-[0-9a-f]{12})\.json/.exec(first.err) ?? [];
    expect(version).toBeDefined();
    const record = JSON.parse(readFileSync(join(archive, `${version}.json`), 'utf8')) as {
      version: string;
      locales: Record<string, { texts: { kind: string; step: string; text: string }[] }>;
    };
    expect(record.version).toBe(version);
    expect(record.locales.nl?.texts.find((t) => t.kind === 'ask' && t.step === 'review')?.text).toMatch(
      /^Om je uit te nodigen ons werk te beoordelen: wat is je e-mailadres\?/,
    );
    const again = await justask(['notice', '--archive', archive, '--dialogs', guide]);
    expect(again.err).toContain('already archived:');
  });

  it('ropa prints the record of processing as CSV and JSON', async () => {
    const csv = await justask(['ropa', '--dialogs', guide]);
    expect(csv.out.split('\r\n')[0]).toMatch(/^Activity,Name,\(a\) Controller,/);
    expect(csv.out.split('\r\n')).toHaveLength(9);
    const de = await justask(['ropa', '--locale', 'de', '--dialogs', guide]);
    expect(de.out.split('\r\n')[0]).toMatch(/^Verarbeitung,Bezeichnung,\(a\) Verantwortlicher,/);
    const json = JSON.parse((await justask(['ropa', '--format', 'json', '--dialogs', guide])).out) as {
      activities: { id: string; article: string }[];
    };
    expect(json.activities.map((a) => [a.id, a.article])).toEqual([
      ['repair-ready-sms', 'GDPR Art. 6(1)(f)'],
      ['review-invite', 'GDPR Art. 6(1)(a)'],
      ['assistant-conversation', 'GDPR Art. 6(1)(f)'],
      ['assistant-references', 'GDPR Art. 6(1)(f)'],
      ['assistant-ledger', 'GDPR Art. 6(1)(c) with Art. 7(1)'],
      ['assistant-refusals', 'GDPR Art. 6(1)(f)'],
      ['assistant-analytics', 'GDPR Art. 6(1)(f)'],
    ]);
  });

  it('test runs the conversation tests of the sample map and of the guide’s map', async () => {
    for (const args of [[], ['--dialogs', guide]]) {
      const r = await justask(['test', ...args]);
      expect(r.out).toMatch(/✓ \d+ passed, 0 failed/);
      expect(r.code).toBe(0);
    }
  });

  it('test shows a diff and exits 1 when a line does not match', async () => {
    const tests = join(dir, 'tests');
    cpSync(join(guide, 'tests'), tests, { recursive: true });
    const file = join(tests, 'bike-repair.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('Which bike needs repairing?', 'Which bike?'));
    const r = await justask(['test', '--dialogs', guide, '--tests', tests]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('      - Which bike?\n      + Which bike needs repairing?\n');
    expect(r.out).toMatch(/✗ 1 passed, 1 failed/);
  });

  it('chat runs the bot in the terminal, with buttons and the ask, on a throw-away store', async () => {
    const r = await justask(
      ['chat', '--dialogs', guide, '--journey', 'bike-repair'],
      'E-bike\n07911 123456\n/held\n',
    );
    expect(r.code).toBe(0);
    expect(r.out).toContain('      [City bike] [E-bike]\n');
    expect(r.out).toContain('      ↳ ask mobile for repair-ready-sms (optional) · bike-repair › ready-sms\n');
    expect(r.out).toContain('mobile = •••• 456 for repair-ready-sms\n');
  });

  it('chat keeps the store with --data, so a second session remembers', async () => {
    const data = join(dir, 'data');
    await justask(
      ['chat', '--dialogs', guide, '--journey', 'bike-repair', '--data', data],
      'E-bike\n07911 123456\n',
    );
    expect(existsSync(join(data, 'justask.db'))).toBe(true);
    const again = await justask(
      ['chat', '--dialogs', guide, '--journey', 'bike-repair', '--data', data],
      '1\n',
    );
    expect(again.out).toContain("I'll use the mobile number you gave us before (•••• 456).");
  });
});
