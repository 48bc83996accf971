/**
 * Values put back to the customer before they are stored: a value read from an ambiguous answer
 * (a date that reads two ways, an e-mail domain with a likely typo) is confirmed first
 * (`ask-confirm`), and a value the channel vouches for (the SMS or WhatsApp sender's number) is
 * offered, masked, never taken (`ask-known`): only a "yes" stores either. Part of the pure step.
 */
import { maskValue } from '../consent/index.ts';
import { knownPhoneText, PLACEHOLDERS, textHash, type Need } from '../map/index.ts';
import { anotherWordsOf } from './answer-words.ts';
import type { Pending, Run } from './conversation-state.ts';
import { needWords } from './phrasing.ts';
import { askMeta, yesNo } from './prompt.ts';
import { fold } from './recognize.ts';
import { validateAnswer } from './validate-answer.ts';
import type { StepDeps, Turn, TurnKit } from './turn-kit.ts';

type Confirming = Extract<Pending, { kind: 'ask-confirm' }>;
type Known = Extract<Pending, { kind: 'ask-known' }>;

/** A phone number as the customer sees it offered: masked as every stored number is ("•••• 188"). */
export const maskKnownPhone = (e164: string): string => maskValue('phone', e164);

export function createOffers(deps: StepDeps, kit: TurnKit) {
  const { tr, say, buttonsOf, event, record, settle } = kit;
  const words = (t: Turn, need: Need) => needWords(deps.texts(), t.ctx.locale, deps.map().catalog, need);

  /**
   * Keeps a value for a need: the item and its grant, the ledger's `granted` (linked to its ask when
   * there was one), the thanks; should the store refuse the turn, the customer is told nothing was
   * saved. The run is left as it is.
   */
  function keep(t: Turn, run: Run, need: Need, value: string, source?: 'channel'): void {
    t.notSaved = { text: tr(t, 'error.not-saved'), suggestions: buttonsOf(t, 'ask', need.required) };
    kit.put(t, run, need, value);
    const asked = kit.askedOf(t, need);
    record(t, need, 'granted', asked?.textHash, asked?.id, source);
    event(t, 'granted', need);
    say(t, tr(t, 'provide.ok', { ...words(t, need), masked: kit.maskedOf(t, need.item) }));
  }

  /** Stores the answer to the open question and settles the need (the question stays open if refused). */
  function store(t: Turn, run: Run, need: Need, value: string, source?: 'channel'): void {
    keep(t, run, need, value, source);
    t.run = settle(run, need, 'provided');
  }

  /** The number the channel vouches for, when the need is a phone item it is valid for. */
  function knownValue(t: Turn, need: Need): string | undefined {
    const item = deps.map().catalog.items[need.item];
    const phone = t.ctx.known?.phone;
    if (item?.type !== 'phone' || !phone) return undefined;
    const r = validateAnswer(phone, item, {
      locale: t.ctx.locale,
      now: t.facts.now,
      yes: [],
      no: [],
    });
    if (r.ok) return r.confirm ? undefined : r.value;
    // The sender's own number is real whatever the numbering plan's tables say (new ranges, test
    // numbers): an E.164 number is offered unless it is known not to suit the item (a landline).
    return r.reason === 'invalid.phone' && /^\+[1-9]\d{6,14}$/.test(phone) ? phone : undefined;
  }

  /** Offers the channel's number instead of asking for one. */
  function offerKnown(t: Turn, run: Run, need: Need, value: string, opts: { record: boolean }): void {
    const text = tr(t, 'values.known-phone', { ...words(t, need), masked: maskKnownPhone(value) });
    if (opts.record) {
      // Hashed as archived, the number's place kept (notice-archive.ts): it holds nothing of the value.
      const archived = knownPhoneText(
        deps.texts(),
        t.ctx.locale,
        deps.map().catalog,
        need,
        PLACEHOLDERS.masked,
      );
      record(t, need, 'asked', textHash(archived));
      event(t, 'asked', need);
    }
    say(t, text, {
      suggestions: buttonsOf(t, 'ask-known', need.required),
      justask: askMeta('ask-known', run, need),
    });
    const { item, purpose } = need;
    t.run = { ...run, pending: { kind: 'ask-known', item, purpose, attempts: 0, value } };
  }

  /**
   * An answer to an offered number: "yes" stores it (the ledger names the channel as its source),
   * "another number" asks for one; false when the text is something else (a number typed, say).
   */
  function answerKnown(t: Turn, run: Run, pending: Known, need: Need, text: string): boolean {
    const lng = t.ctx.locale;
    const said = yesNo(deps.texts(), lng, text);
    if (said === 'yes') return (store(t, run, need, pending.value, 'channel'), true);
    if (anotherWordsOf(deps.texts(), lng).has(fold(text).join(' '))) {
      say(t, tr(t, 'values.known-another'), {
        suggestions: buttonsOf(t, 'ask', need.required),
        justask: askMeta('ask', run, need),
      });
      const { item, purpose } = need;
      t.run = { ...run, pending: { kind: 'ask', item, purpose, attempts: 0 } };
      return true;
    }
    return false;
  }

  /** Repeats the offer when the answer was neither yes, another number, nor a number. */
  function offerAgain(t: Turn, run: Run, pending: Known, need: Need): void {
    say(t, tr(t, 'values.known-unclear', { masked: maskKnownPhone(pending.value) }), {
      suggestions: buttonsOf(t, 'ask-known', need.required),
      justask: askMeta('ask-known', run, need),
    });
  }

  /** Puts a value read from an ambiguous answer back to the customer before storing it. */
  function confirm(
    t: Turn,
    run: Run,
    need: Need,
    c: { value: string; otherwise?: string; text: string; attempts: number },
  ): void {
    say(t, c.text, {
      suggestions: buttonsOf(t, 'ask-confirm', need.required),
      justask: askMeta('ask-confirm', run, need),
    });
    const { item, purpose } = need;
    const otherwise = c.otherwise ? { otherwise: c.otherwise } : {};
    t.run = {
      ...run,
      pending: { kind: 'ask-confirm', item, purpose, attempts: c.attempts, value: c.value, ...otherwise },
    };
  }

  /**
   * The answer to a confirmation: "yes" stores the value; "no" stores what was typed when there is
   * such a thing (the e-mail address as written); anything else asks for the value again.
   */
  function answerConfirm(
    t: Turn,
    run: Run,
    pending: Confirming,
    need: Need,
    text: string,
    reask: () => void,
  ) {
    const said = yesNo(deps.texts(), t.ctx.locale, text);
    if (said === 'yes') return store(t, run, need, pending.value);
    if (said === 'no' && pending.otherwise) return store(t, run, need, pending.otherwise);
    say(t, tr(t, 'values.confirm-retry'));
    const { item, purpose } = need;
    t.run = { ...run, pending: { kind: 'ask', item, purpose, attempts: pending.attempts } };
    reask();
  }

  return { keep, store, knownValue, offerKnown, answerKnown, offerAgain, confirm, answerConfirm };
}
