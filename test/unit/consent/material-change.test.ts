/**
 * When a purpose changes materially (here: a longer retention), a grant given under the old
 * terms is not used silently: the bot asks to reuse the value it holds under the new terms.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLocalBot } from '../../../src/app/local-bot.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const tempDir = (prefix: string) => {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
};

describe('a material change of a purpose', () => {
  it.each([
    { change: 'a longer retention', retention: 'P2Y', reasked: true },
    { change: 'a shorter retention', retention: 'P6M', reasked: false },
  ])('with $change, re-asks at next use: $reasked', async ({ retention, reasked }) => {
    const map = tempDir('justask-map-');
    const data = tempDir('justask-data-');
    cpSync(resolve('test/fixtures/tiny'), map, { recursive: true });
    const open = () => createLocalBot({ dialogsDir: map, localesDir: resolve('locales'), dataDir: data });

    const before = open();
    await before.conversation('ann', 'en').start('news');
    await before.conversation('ann', 'en').say('ann@example.org');
    expect(await before.stored('ann')).toMatchObject([{ item: 'email', purposes: ['news'] }]);
    await before.close();

    const catalog = join(map, 'catalog.yaml');
    writeFileSync(
      catalog,
      readFileSync(catalog, 'utf8').replace('retention: P1Y', `retention: ${retention}`),
    );
    const after = open();
    try {
      const chat = after.conversation('ann', 'en');
      const [first] = await chat.start('news');
      if (!reasked) {
        expect(first?.text).toBe("I'll use the email (en) you gave us before (a•••@example.org).");
        return;
      }
      expect(first?.justask).toMatchObject({ kind: 'ask-reuse', item: 'email', purpose: 'news' });
      await chat.say('Yes');
      expect((await after.ledger('ann')).slice(-2)).toEqual(['asked email news', 'reused email news']);
      const [again] = await chat.start('news');
      expect(again?.text).toBe("I'll use the email (en) you gave us before (a•••@example.org).");
    } finally {
      await after.close();
    }
  });
});
