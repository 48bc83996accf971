import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { recognizeRight } from '../../../src/journey/rights-dialog.ts';
import { matchTrigger } from '../../../src/journey/recognize.ts';
import { loadMapOrThrow, type Locale } from '../../../src/map/index.ts';

const { map, texts } = loadMapOrThrow({ dialogsDir: resolve('dialogs'), localesDir: resolve('locales') });

/** Sentences as customers write them, none of them a phrase listed in locales/ as is. */
const leaveNewsletter: Record<Locale, string[]> = {
  en: [
    'Please unsubscribe me from the newsletter',
    "I don't want the newsletter any more",
    'I do not want your newsletter anymore',
    'no more newsletter please',
    'stop sending me the newsletter',
    'can you take me off the newsletter',
    'opt me out of the newsletter',
    'Unsubscribe from newsletter!!',
    'I no longer want to receive the newsletter',
    'cancel my newsletter subscription',
  ],
  nl: [
    'Graag afmelden voor de nieuwsbrief',
    'Ik wil de nieuwsbrief niet meer',
    'geen nieuwsbrief meer alsjeblieft',
    'schrijf me uit voor de nieuwsbrief',
    'stop met de nieuwsbrief',
    'ik wil me afmelden voor de nieuwsbrief',
    'Kunnen jullie mijn nieuwsbrief opzeggen?',
  ],
  fr: [
    'Veuillez me désabonner de la newsletter',
    'je ne veux plus recevoir la newsletter',
    'Je ne veux plus la newsletter',
    'desabonnez moi de la newsletter svp',
    'arrêtez de m’envoyer la newsletter',
    'je veux me désinscrire de la newsletter',
    'annulez mon abonnement à la newsletter',
  ],
  de: [
    'Bitte melden Sie mich vom Newsletter ab',
    'Ich möchte den Newsletter nicht mehr',
    'keinen Newsletter mehr bitte',
    'Newsletter abbestellen bitte',
    'ich will den Newsletter nicht mehr bekommen',
    'Bitte tragen Sie mich aus dem Newsletter aus',
    'Stoppen Sie den Newsletter',
  ],
};

/** Sign-ups that must still start the journey. */
const joinNewsletter: Record<Locale, string[]> = {
  en: ['I want the newsletter', 'sign me up for the newsletter', 'subscribe'],
  nl: ['ik wil de nieuwsbrief', 'aanmelden voor de nieuwsbrief'],
  fr: ['je veux la newsletter', 'inscrivez-moi à la newsletter'],
  de: ['ich möchte den Newsletter', 'Newsletter abonnieren'],
};

describe('withdrawing from a task is never read as starting it', () => {
  for (const [lng, phrases] of Object.entries(leaveNewsletter) as [Locale, string[]][]) {
    it.each(phrases)(`${lng}: “%s” withdraws from the newsletter and starts nothing`, (text) => {
      expect(matchTrigger(map, texts, lng, text)).toBeUndefined();
      expect(recognizeRight(map, texts, lng, text)).toEqual({
        kind: 'withdraw-journey',
        journey: 'newsletter',
      });
    });
  }
  for (const [lng, phrases] of Object.entries(joinNewsletter) as [Locale, string[]][]) {
    it.each(phrases)(`${lng}: “%s” still starts the sign-up`, (text) => {
      expect(recognizeRight(map, texts, lng, text)).toBeUndefined();
      expect(matchTrigger(map, texts, lng, text)).toBe('newsletter');
    });
  }

  it.each([
    ['en', "I don't want you to use my mobile number any more", 'mobile'],
    ['nl', 'ik wil niet dat jullie mijn mobiele nummer nog gebruiken', 'mobile'],
    ['de', 'Verwenden Sie meine Handynummer nicht mehr', 'mobile'],
  ] as const)('%s: “%s” stops the use of the item it names', (lng, text, item) => {
    expect(recognizeRight(map, texts, lng, text)).toEqual({ kind: 'stop', item });
  });

  it.each([
    ['en', 'unsubscribe me please'],
    ['fr', 'je veux me désabonner'],
    ['de', 'ich möchte mich abmelden'],
  ] as const)('%s: an unsubscribe verb alone (“%s”) leaves every marketing purpose', (lng, text) => {
    expect(recognizeRight(map, texts, lng, text)).toEqual({ kind: 'unsubscribe' });
  });

  it.each([
    ['en', 'stop'],
    ['en', "I don't want to say"],
    ['nl', 'nee, dat wil ik niet'],
    ['de', 'nein, das möchte ich nicht'],
  ] as const)('%s: a stop word naming nothing (“%s”) is no withdrawal', (lng, text) => {
    expect(recognizeRight(map, texts, lng, text)).toBeUndefined();
  });
});
