import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exitsOf, loadMapOrThrow, mapHtml, mapMermaid, mapOutline, Step } from '../../../src/map/index.ts';

const tiny = () =>
  loadMapOrThrow({ dialogsDir: resolve('test/fixtures/tiny'), localesDir: resolve('locales') });

describe('the dialogue map view', () => {
  it('outlines journeys, steps, needs with purpose and decline paths', () => {
    const { map, texts } = tiny();
    expect(mapOutline(map, texts).split('\n')).toEqual([
      'news  “News (en)”  (version 1, starts at ask)',
      '  ask  Send the news by email.',
      '      needs email for news (consent, P1Y, optional)',
      '      next → (end)   declined → nope',
      '  nope  Say goodbye.',
      '      next → (end)',
      '',
    ]);
  });

  it('draws a Mermaid flowchart with dotted decline paths', () => {
    const { map, texts } = tiny();
    expect(mapMermaid(map, texts).split('\n')).toEqual([
      'flowchart TD',
      '  subgraph news__["News (en) (news v1)"]',
      '    news___start((start)) --> news__ask',
      '    news__ask["<b>ask</b><br/>Send the news by email.<br/>needs email for news (consent, P1Y, optional)"]',
      '    news__nope["<b>nope</b><br/>Say goodbye."]',
      '    news__ask --> news___end',
      '    news__ask -. declined .-> news__nope',
      '    news__nope --> news___end',
      '    news___end((end))',
      '  end',
      '',
    ]);
  });

  it('renders a self-contained HTML page with the catalog and every journey', () => {
    const { map, texts } = tiny();
    const html = mapHtml(map, texts);
    expect(html).toContain('<h1>Dialogue map of Tiny Shop</h1>');
    expect(html).toContain(
      '<td>news</td><td>marketing.communications.email</td><td>consent</td><td>P1Y</td>',
    );
    expect(html).toContain('email for news (consent, P1Y, optional)');
    expect(html).toContain('declined → nope');
    expect(html).not.toMatch(/<script|https?:\/\/(?!authority)/);
  });

  it.each([
    {
      name: 'choice options with their own next step',
      step: {
        task: 't',
        choice: {
          prompt: 'a.p',
          options: [
            { id: 'x', label: 'a.x', next: 'one' },
            { id: 'y', label: 'a.y' },
          ],
        },
        next: 'two',
      },
      want: ['x → one', 'y → two'],
    },
    {
      name: 'a required need without a decline path stops',
      step: { task: 't', needs: [{ item: 'm', purpose: 'p', required: true }] },
      want: ['next → (end)', 'declined → stop'],
    },
  ])('reads the exits of $name', ({ step, want }) => {
    expect(exitsOf(Step.parse(step)).map((e) => `${e.label} → ${e.to ?? '(end)'}`)).toEqual(want);
  });
});
