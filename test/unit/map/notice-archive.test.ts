/**
 * The notice archive: a version is kept once with every locale's notice and the exact wording
 * of every ask, "why" and confirmation, read back by version only, and a ledger `textHash` of
 * an ask finds the text it was made from.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  askReuseText,
  askText,
  findArchivedText,
  loadMapOrThrow,
  noticeArchiveOf,
  readNoticeArchive,
  textHash,
  toMarkdown,
  noticeBlocks,
  writeNoticeArchive,
  SHIPPED_LOCALES,
} from '../../../src/map/index.ts';

const { map, texts } = loadMapOrThrow({ dialogsDir: resolve('dialogs'), localesDir: resolve('locales') });
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'justask-archive-'));
  dirs.push(d);
  return d;
};

describe('the notice archive', () => {
  const record = noticeArchiveOf(map, texts, map.noticeVersion);

  it('keeps every locale’s notice, with its version line', () => {
    for (const lng of SHIPPED_LOCALES) {
      expect(toMarkdown(record.locales[lng]?.notice ?? [])).toBe(
        toMarkdown(noticeBlocks(map, texts, lng, map.noticeVersion)),
      );
    }
  });

  it('keeps the exact ask, why and confirmations of every need, in every locale', () => {
    const nl = record.locales.nl?.texts ?? [];
    const sms = nl.filter((x) => x.journey === 'order-delivery' && x.step === 'sms-confirm');
    expect(sms.map((x) => x.kind)).toEqual(['ask', 'ask-reuse', 'why', 'provided', 'reused', 'ask-known']);
    const need = map.journeys.get('order-delivery')?.steps['sms-confirm']?.needs[0];
    expect(need).toBeDefined();
    if (!need) return;
    expect(sms[0]?.text).toBe(askText(texts, 'nl', map.catalog, need));
    expect(sms[0]?.hash).toBe(textHash(sms[0]?.text ?? ''));
    expect(sms[1]?.text).toContain('{{masked}}');
    expect(sms[1]?.hash).toBeUndefined();
    expect(sms[2]?.text).toContain('{{notice}}');
  });

  it('finds the text a ledger textHash was made from', () => {
    const need = map.journeys.get('support-callback')?.steps.callback?.needs[0];
    if (!need) throw new Error('the sample map changed');
    const shown = askText(texts, 'de', map.catalog, need);
    expect(findArchivedText(record, textHash(shown))).toMatchObject({
      locale: 'de',
      text: { kind: 'ask', journey: 'support-callback', step: 'callback', required: true, text: shown },
    });
    expect(findArchivedText(record, textHash('something never said'))).toBeUndefined();
  });

  it('finds an ask to reuse a held value, given the value as the bot masked it', () => {
    const need = map.journeys.get('newsletter')?.steps.subscribe?.needs[0];
    if (!need) throw new Error('the sample map changed');
    const shown = askReuseText(texts, 'fr', map.catalog, need, 'a•••@example.org');
    expect(findArchivedText(record, textHash(shown))).toBeUndefined();
    expect(findArchivedText(record, textHash(shown), 'a•••@example.org')).toMatchObject({
      locale: 'fr',
      text: { kind: 'ask-reuse', journey: 'newsletter', step: 'subscribe' },
    });
  });

  it('writes a version once and reads it back by version only', () => {
    const dir = tempDir();
    expect(writeNoticeArchive(dir, record)).toBe(true);
    expect(writeNoticeArchive(dir, { ...record, controller: 'changed' })).toBe(false);
    expect(readdirSync(dir)).toEqual([`${map.noticeVersion}.json`]);
    expect(readNoticeArchive([tempDir(), dir], map.noticeVersion)).toEqual(record);
    expect(readNoticeArchive([dir], 'n-000000000000')).toBeUndefined();
  });

  it('reads no file whose name is not a notice version', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'secret.json'), '{}');
    expect(readNoticeArchive([dir], 'secret')).toBeUndefined();
    expect(readNoticeArchive([dir], '../secret')).toBeUndefined();
  });
});
