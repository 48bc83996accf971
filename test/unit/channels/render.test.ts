import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  isTextOnly,
  renderReply,
  supportsCardActions,
  supportsSuggestedActions,
  toGsmTwins,
} from '../../../src/channels/render.ts';
import { knownPhoneOf } from '../../../src/channels/bot.ts';
import type { Reply } from '../../../src/journey/index.ts';
import { loadTexts } from '../../../src/map/index.ts';

const texts = loadTexts(resolve('locales'));
const choice: Reply = {
  text: 'When would you like your order delivered?',
  suggestions: ['Morning', 'Afternoon', 'Evening'].map((t) => ({ title: t, value: t, option: true })),
};
const ask: Reply = {
  text: 'May I have your mobile number?',
  suggestions: ['Why?', 'No thanks', 'Ask me later'].map((t) => ({ title: t, value: t })),
  justask: { kind: 'ask', journey: 'j', step: 's', item: 'mobile', purpose: 'p', required: false },
};
const render = (reply: Reply, channelId: string, textOnly?: string[]) =>
  renderReply(reply, { channelId, lng: 'en', texts, ...(textOnly ? { textOnly } : {}) });

describe('every channel renders every question', () => {
  it('follows botbuilder’s channel rules for suggested actions and card buttons', () => {
    expect(supportsSuggestedActions('webchat', 3)).toBe(true);
    expect(supportsSuggestedActions('facebook', 11)).toBe(false);
    expect(supportsSuggestedActions('msteams', 3)).toBe(false);
    expect(supportsCardActions('msteams', 3)).toBe(true);
    expect(supportsCardActions('skype', 4)).toBe(false);
    expect(supportsSuggestedActions('sms', 1)).toBe(false);
    expect(supportsCardActions('sms', 1)).toBe(false);
  });

  it('sends suggested actions where the channel shows them', () => {
    const a = render(choice, 'webchat');
    expect(a.text).toBe(choice.text);
    expect(a.suggestedActions?.actions.map((x) => x.title)).toEqual(['Morning', 'Afternoon', 'Evening']);
  });

  it('puts the buttons on a hero card where only cards work (Teams), keeping the text', () => {
    const a = render(ask, 'msteams');
    expect(a.text).toBe(ask.text);
    expect(a.suggestedActions).toBeUndefined();
    expect(a.attachments?.[0]?.contentType).toBe('application/vnd.microsoft.card.hero');
    const buttons = (a.attachments?.[0]?.content as { buttons: { title: string; type: string }[] }).buttons;
    expect(buttons.map((b) => [b.type, b.title])).toEqual([
      ['imBack', 'Why?'],
      ['imBack', 'No thanks'],
      ['imBack', 'Ask me later'],
    ]);
    expect(a.channelData).toEqual({ justask: ask.justask });
  });

  it('numbers the options and says the words to type where nothing shows', () => {
    expect(render(choice, 'sms').text).toBe(`${choice.text}\n1. Morning 2. Afternoon 3. Evening`);
    expect(render(ask, 'email').text).toBe(`${ask.text}\nReply “Why?”, “No thanks” or “Ask me later”.`);
    expect(render(ask, 'sms').text).toBe(`${ask.text}\nReply "Why?", "No thanks" or "Ask me later".`);
    expect(render(ask, 'sms').channelData).toEqual({ justask: ask.justask });
    expect(render(ask, 'sms').suggestedActions).toBeUndefined();
  });

  it('treats configured channels as text-only, whatever their id supports', () => {
    expect(isTextOnly({ channelId: 'directline', textOnly: ['directline'] })).toBe(true);
    expect(render(choice, 'directline', ['directline']).text).toContain('1. Morning');
    expect(render(choice, 'directline').suggestedActions?.actions).toHaveLength(3);
  });

  it('keeps SMS in GSM-7 where a character has a plain twin, and the mask as it is', () => {
    expect(toGsmTwins('« Répondez » – c’est ça… „ja“ •••• 0188')).toBe(
      '"Répondez" - c\'est ca... "ja" •••• 0188',
    );
  });

  it('knows the sender’s number only where the channel vouches for it', () => {
    expect(knownPhoneOf('sms', '+31612340188')).toBe('+31612340188');
    expect(knownPhoneOf('whatsapp', 'whatsapp:+31612340188')).toBe('+31612340188');
    expect(knownPhoneOf('webchat', '+31612340188')).toBeUndefined();
    expect(knownPhoneOf('sms', '0612340188')).toBeUndefined();
    expect(knownPhoneOf('sms', 'user-1')).toBeUndefined();
  });
});
