import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { itemWords } from '../../../src/map/index.ts';
import { createHarness } from '../../helpers/harness.ts';

let h: ReturnType<typeof createHarness>;
beforeEach(() => {
  h = createHarness();
});
afterEach(() => h.close());

describe('a remembered “no”', () => {
  it('does not ask for the newsletter email again until the cool-down has passed (the site starts it)', async () => {
    const first = h.conversation('nina', 'en-GB', 'conv-1');
    await first.start('newsletter');
    await first.say('No thanks');
    h.clock.advanceDays(1);
    const second = h.conversation('nina', 'en-GB', 'conv-2');
    expect(await second.start('newsletter')).toEqual([
      "You told us you'd rather not share your email address for the monthly newsletter, so I won't ask.",
      "Okay, you're not subscribed.",
    ]);
    h.clock.advanceDays(90);
    const [ask] = await second.send({
      type: 'event',
      name: 'journey.start',
      value: { journey: 'newsletter' },
    });
    expect(ask?.channelData).toMatchObject({
      justask: { kind: 'ask', item: 'email', purpose: 'newsletter' },
    });
  });

  it('after “Ask me later” waits a week, and records a deferral, not a decline', async () => {
    const c = h.conversation('olaf', 'nl-NL');
    await c.start('newsletter');
    expect(await c.say(h.texts.t('nl', 'buttons.later'))).toEqual([
      h.texts.t('nl', 'later.ok'),
      h.texts.t('nl', 'newsletter.not-subscribed', {}, 'map'),
    ]);
    expect((await h.consent.ledger(c.subject)).map((r) => r.event)).toEqual(['asked', 'deferred']);
    h.clock.advanceDays(3);
    expect((await c.start('newsletter'))[0]).toContain(
      h.texts.t('nl', 'skip.deferred', { item: h.texts.t('nl', 'items.email.name', {}, 'map') }).slice(0, 20),
    );
    h.clock.advanceDays(5);
    const [ask] = await c.send({ type: 'event', name: 'journey.start', value: { journey: 'newsletter' } });
    expect(ask?.channelData).toMatchObject({ justask: { kind: 'ask', purpose: 'newsletter' } });
  });

  it('never asks for the birthday after “never ask me for my birthday”, when the site offers it', async () => {
    const c = h.conversation('pia', 'en-GB');
    expect(await c.say('Never ask me for my birthday')).toEqual([
      "Understood: I won't ask for your date of birth again. If you ever want to give it, just tell me.",
    ]);
    await c.start('birthday-offer');
    expect(await c.say('Yes please')).toEqual([
      "You asked us never to ask for your date of birth, so I won't.",
      'Okay, no birthday treat. Enjoy your day anyway!',
    ]);
    h.clock.advanceDays(1000);
    await c.start('birthday-offer');
    expect((await c.say('Yes please'))[0]).toBe(
      "You asked us never to ask for your date of birth, so I won't.",
    );
    expect((await h.consent.ledger(c.subject)).map((r) => r.event)).toEqual(['never-ask']);
  });

  it('offers “Never ask for my …” after a decline, and it refers to the declined item', async () => {
    const c = h.conversation('quin', 'de-DE');
    await c.say('geburtstag');
    await c.say(h.texts.t('de', 'birthday-offer.offer-yes', {}, 'map'));
    const declined = await c.send({ type: 'message', text: h.texts.t('de', 'buttons.decline') });
    const never = h.texts.t('de', 'asking.never-item', {
      item: itemWords(h.texts, 'de', 'birthday'),
    });
    expect(declined.at(-1)?.suggestedActions?.actions.map((a) => a.title)).toEqual([never]);
    await c.say(never);
    expect((await h.consent.ledger(c.subject)).map((r) => `${r.event} ${r.item}`)).toEqual([
      'asked birthday',
      'declined birthday',
      'never-ask birthday',
    ]);
  });

  it('stops asking optional questions beyond the budget of 3 per week; required ones still ask', async () => {
    const c = h.conversation('rui', 'en-GB');
    await c.say('deliver my order');
    await c.say('Morning');
    await c.say('No thanks');
    await c.say('No thanks');
    await c.say('birthday treat');
    await c.say('Yes please');
    await c.say('No thanks');
    expect(await c.start('newsletter')).toEqual(["Okay, you're not subscribed."]);
    await c.say('call me back');
    const [ask] = await c.send({ type: 'message', text: 'Billing' });
    expect(ask?.channelData).toMatchObject({
      justask: { kind: 'ask', purpose: 'support-callback', required: true },
    });
  });
});
