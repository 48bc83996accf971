/**
 * The rights replies in the customer's own grammar: "what do you know about me?" in French and
 * German lists the items without "(…)" fallbacks, and its buttons say "supprimez ma date de
 * naissance" / "Löschen Sie meine Handynummer" — and are understood when pressed. A choice made
 * before the customer changes language is said in the new one.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { itemWords } from '../../../src/map/index.ts';
import { createHarness } from '../../helpers/harness.ts';

let h: ReturnType<typeof createHarness>;
beforeEach(() => {
  h = createHarness();
});
afterEach(() => h.close());

describe.each([
  ['fr-FR', 'fr', '06 12 34 56 78', ['supprimez mon numéro de mobile', 'supprimez mon adresse e-mail']],
  ['de-DE', 'de', '0151 23456789', ['Löschen Sie meine Handynummer', 'Löschen Sie meine E-Mail-Adresse']],
  ['nl-NL', 'nl', '06 12345678', ['verwijder mijn mobiele nummer', 'verwijder mijn e-mailadres']],
] as const)('rights in %s', (tag, lng, mobile, deleteButtons) => {
  it('lists what is held and offers buttons in the customer’s words, which it understands', async () => {
    const c = h.conversation(`wording-${lng}`, tag);
    await c.start('order-delivery');
    await c.say('1');
    await c.say(mobile);
    await c.start('newsletter');
    await c.say('ada@example.org');
    const [what] = await c.send({ type: 'message', text: h.texts.t(lng, 'buttons.my-data') });
    expect(what?.text).not.toMatch(/\((numéro|adresse|Handynummer|E-Mail|mobiel|e-mail)/);
    expect(what?.text).toContain(`• ${itemWords(h.texts, lng, 'mobile').title} (•••• `);
    const titles = what?.suggestedActions?.actions.map((a) => a.title) ?? [];
    expect(titles).toEqual(expect.arrayContaining([...deleteButtons]));
    const [confirm] = await c.say(deleteButtons[1]);
    expect(confirm).toBe(
      h.texts.t(lng, 'rights.delete-confirm', {
        item: itemWords(h.texts, lng, 'email'),
        masked: 'a•••@example.org',
      }),
    );
  });
});

describe('a language change in the middle of a journey', () => {
  it('says the earlier choice in the new language (“’s avonds”, not “in the evening”)', async () => {
    const c = h.conversation('switcher', 'en-GB');
    await c.start('order-delivery');
    await c.say('Evening');
    const same = h.conversation('switcher', 'nl-NL', 'conv-switcher-en-GB');
    const replies = await same.say('06 12345678');
    expect(replies.at(-1)).toBe(
      'Je bezorging is ingepland: we brengen je bestelling ’s avonds. Op de dag zelf sturen we een sms naar •••• 678.',
    );
  });
});
