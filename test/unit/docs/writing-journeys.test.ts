/**
 * docs/writing-journeys.md is enough to write a journey: its examples, put together, are exactly
 * the map in test/fixtures/guide-example (which validates, runs and passes its conversation tests).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const guide = readFileSync('docs/writing-journeys.md', 'utf8');
const blocks = [...guide.matchAll(/```(yaml|json)\n([\s\S]*?)```/g)].map((m) => ({
  lang: m[1],
  data: parse(m[2] ?? '') as Record<string, unknown>,
}));
const fixture = (file: string) =>
  parse(readFileSync(`test/fixtures/guide-example/${file}`, 'utf8')) as Record<string, unknown>;
const blockWith = (key: string) =>
  blocks.filter((b) => b.data && typeof b.data === 'object' && key in b.data);

describe('the writing-journeys guide', () => {
  it('builds the example catalog from its controller, providers, records, items and purposes', () => {
    const [controller] = blockWith('controller');
    const [providers] = blockWith('providers');
    const [items] = blockWith('items').filter((b) => b.lang === 'yaml');
    const [purposes] = blockWith('purposes').filter((b) => b.lang === 'yaml');
    expect({
      ...controller?.data,
      ...providers?.data,
      ...items?.data,
      ...purposes?.data,
    }).toEqual(fixture('catalog.yaml'));
  });

  it('shows the example journey exactly', () => {
    expect(blockWith('steps')[0]?.data).toEqual(fixture('journeys/bike-repair.yaml'));
  });

  it('shows the English texts exactly', () => {
    expect(blockWith('journeys').find((b) => b.lang === 'json')?.data).toEqual(
      fixture('locales/en/map.json'),
    );
  });

  it('shows a conversation test of the example', () => {
    const [tests] = blockWith('conversations');
    const conversations = fixture('tests/bike-repair.yaml').conversations as unknown[];
    expect(tests?.data.conversations).toEqual(conversations.slice(0, 1));
  });
});
