/**
 * The customer's rights in one message, at any moment (a journey in progress resumes after):
 * what do you know about me, why do you have my X, send me my data, change / delete my X,
 * forget me, stop using my X (for a purpose), unsubscribe, and lifting a "never ask".
 * Recognition is by the locale's phrases; every reply is a locale text. Part of the pure step:
 * each right exercised is an effect the runtime carries out after the turn's batch.
 */
import { accessReportOf } from '../consent/index.ts';
import { basisText, fillItem, itemWords, type DialogueMap, type Locale, type Texts } from '../map/index.ts';
import type { AskSummary, HeldItem } from '../storage/index.ts';
import { accessAnswer, erasureWishes, type AccessWords } from './access-answer.ts';
import type { AskHistory } from './ask-history.ts';
import type { Reply, RightRequest, RightsPending, Suggestion } from './conversation-state.ts';
import { answerPrompt, askButtons, yesNo, type PromptContext } from './prompt.ts';
import { CONFIRM_BUTTONS, createConsentRights } from './rights-consent.ts';
import {
  itemSentences,
  mentionedItem,
  mentionedJourney,
  normalize,
  phrasesOf,
  withdrawalIn,
} from './recognize.ts';

export type { RightRequest };

const WITH_ITEM = ['why', 'change', 'delete', 'stop', 'clear-never'] as const;
const PLAIN = ['what', 'export', 'forget', 'unsubscribe'] as const;

/** Recognises a rights request in the customer's words (their locale, then en). */
export function recognizeRight(
  map: DialogueMap,
  texts: Texts,
  lng: Locale,
  text: string,
): RightRequest | undefined {
  return listedRight(map, texts, lng, text) ?? recognizeWithdrawal(map, texts, lng, text);
}

/** A rights request said in one of the locale's listed phrases (normalised), such as "forget me". */
export function listedRight(
  map: DialogueMap,
  texts: Texts,
  lng: Locale,
  text: string,
): RightRequest | undefined {
  const said = normalize(text);
  for (const kind of PLAIN) if (phrasesOf(texts, lng, `commands.rights-${kind}`).has(said)) return { kind };
  for (const kind of WITH_ITEM) {
    const item = itemSentences(map, texts, lng, `commands.rights-${kind}`).get(said);
    if (item) return { kind, item };
  }
  return undefined;
}

/**
 * "Please unsubscribe me from the newsletter", "I don't want my number used any more", "keine Werbung
 * mehr": a stop word with what it names. Naming a task withdraws that task's purposes; naming an item
 * stops its use; an unsubscribe verb alone means every marketing purpose. Withdrawing is never harder
 * than giving (GDPR Art. 7(3)), and such a sentence never starts the task it names.
 */
export function recognizeWithdrawal(
  map: DialogueMap,
  texts: Texts,
  lng: Locale,
  text: string,
): RightRequest | undefined {
  const strength = withdrawalIn(texts, lng, text);
  if (!strength) return undefined;
  const journey = mentionedJourney(map, texts, lng, text);
  if (journey) return { kind: 'withdraw-journey', journey };
  const item = mentionedItem(map, texts, lng, text);
  if (item) return { kind: 'stop', item };
  return strength === 'verb' ? { kind: 'unsubscribe' } : undefined;
}

/** The purposes a journey's steps need data for. */
function purposesOf(map: DialogueMap, journey: string): Set<string> {
  const steps = Object.values(map.journeys.get(journey)?.steps ?? {});
  return new Set(steps.flatMap((s) => s.needs.map((n) => n.purpose)));
}

/** What the dialog needs from the turn it runs in; `held` follows the rights exercised in it. */
export interface RightsKit {
  readonly lng: Locale;
  readonly prompt: PromptContext;
  held(): readonly HeldItem[];
  history(): AskHistory;
  /** The ask-history summary as this turn sees it (refusals, never-asks, objections). */
  summary(): AskSummary;
  masked(h: HeldItem): string;
  say(text: string, extra?: Omit<Reply, 'text'>): void;
  setPending(p: RightsPending | undefined): void;
  /** Ends the journey in progress if it is `journey` (the customer withdrew from it). */
  endJourney(journey: string): void;
  /** Withdraws one purpose's grant; the item goes when no purpose is left. */
  withdraw(item: string, purpose: string): 'withdrawn' | 'deleted' | 'not-held';
  eraseItem(item: string): void;
  /** Forgets the customer: the conversation keeps nothing of them. */
  eraseSubject(): void;
  change(item: string, value: string): void;
  /** A reply carrying the export of everything held (filled in once the turn is saved). */
  exportData(text: string): void;
  clearNeverAsk(item: string): void;
  /** Restricts one purpose's use of an item (Art. 18): kept, not used; false when not held or already. */
  restrict(item: string, purpose: string): boolean;
  /** Records an objection (Art. 21) to one purpose's use of an item; the withdrawal follows. */
  objected(item: string, purpose: string): void;
}

export interface RightsDialogDeps {
  readonly map: () => DialogueMap;
  readonly texts: () => Texts;
}

export function createRightsDialog(deps: RightsDialogDeps) {
  const t = (k: RightsKit, key: string, vars?: Record<string, unknown>) => deps.texts().t(k.lng, key, vars);
  const m = (k: RightsKit, key: string) => deps.texts().t(k.lng, key, {}, 'map');
  const itemName = (k: RightsKit, item: string) => itemWords(deps.texts(), k.lng, item);
  const btn = (title: string): Suggestion => ({ title, value: title });
  const find = (k: RightsKit, item: string) => k.held().find((h) => h.item === item);
  const consent = createConsentRights(deps);
  /** A button in the customer's words: the first phrase of the command, with the item put in. */
  const itemCmd = (k: RightsKit, kind: string, item: string) =>
    fillItem(deps.texts().list(k.lng, `commands.rights-${kind}`)[0] ?? '', itemName(k, item));

  /** Words for the access and erasure answers (access-answer.ts). */
  const words = (k: RightsKit): AccessWords => ({
    map: deps.map(),
    texts: deps.texts(),
    lng: k.lng,
    ...(k.prompt.localeTag ? { localeTag: k.prompt.localeTag } : {}),
  });

  /** "What do you know about me?": the Art. 15 answer (consent's report, worded). */
  function what(k: RightsKit): void {
    const held = k.held();
    const neverAsk = [...k.history().neverAsk];
    const report = accessReportOf(deps.map(), held, k.summary(), k.prompt.now);
    const masked = (item: string) => {
      const h = find(k, item);
      return h ? k.masked(h) : '';
    };
    const buttons = [
      btn(t(k, 'buttons.export')),
      ...held.map((h) => btn(itemCmd(k, 'delete', h.item))),
      ...neverAsk.map((i) => btn(itemCmd(k, 'clear-never', i))),
      ...(held.length > 0 ? [btn(t(k, 'buttons.forget'))] : []),
    ];
    k.say(accessAnswer(words(k), report, masked), { suggestions: buttons });
  }

  function why(k: RightsKit, item: string): void {
    const h = find(k, item);
    if (!h) return k.say(t(k, 'rights.not-held', { item: itemName(k, item) }));
    const purposes = h.grants.map((g) =>
      t(k, 'rights.why-purpose', {
        description: m(k, `purposes.${g.purpose}.description`),
        basis: basisText(deps.texts(), k.lng, deps.map().catalog, g.purpose),
      }),
    );
    k.say(t(k, 'rights.why', { item: itemName(k, item), purposes: purposes.join('; ') }), {
      suggestions: [btn(itemCmd(k, 'stop', item)), btn(itemCmd(k, 'delete', item))],
    });
  }

  function stop(k: RightsKit, item: string): void {
    const h = find(k, item);
    if (!h) return k.say(t(k, 'rights.not-held', { item: itemName(k, item) }));
    const only = h.grants.length === 1 ? h.grants[0] : undefined;
    if (only) return consent.stopOne(k, item, only.purpose);
    k.setPending({ kind: 'pick-purpose', item });
    k.say(t(k, 'rights.stop-which', { item: itemName(k, item) }), {
      suggestions: h.grants.map((g) => btn(m(k, `purposes.${g.purpose}.description`))),
    });
  }

  function withdraw(k: RightsKit, item: string, purpose: string): void {
    const r = k.withdraw(item, purpose);
    const vars = { item: itemName(k, item), description: m(k, `purposes.${purpose}.description`) };
    k.say(t(k, r === 'deleted' ? 'rights.stopped-deleted' : 'rights.stopped', vars));
  }

  function unsubscribe(k: RightsKit): void {
    const marketing = k
      .held()
      .flatMap((h) =>
        h.grants
          .filter((g) => deps.map().catalog.purposes[g.purpose]?.use.startsWith('marketing.'))
          .map((g) => ({ item: h.item, purpose: g.purpose })),
      );
    if (marketing.length === 0) return k.say(t(k, 'rights.unsubscribe-none'));
    for (const g of marketing) k.withdraw(g.item, g.purpose);
    const descriptions = [...new Set(marketing.map((g) => m(k, `purposes.${g.purpose}.description`)))].join(
      ', ',
    );
    k.say(t(k, 'rights.unsubscribed', { descriptions }));
  }

  /** Withdraws every grant held for the purposes a journey needs data for; never starts it. */
  function withdrawJourney(k: RightsKit, journey: string): void {
    k.endJourney(journey);
    const purposes = purposesOf(deps.map(), journey);
    const granted = k
      .held()
      .flatMap((h) =>
        h.grants.filter((g) => purposes.has(g.purpose)).map((g) => ({ item: h.item, purpose: g.purpose })),
      );
    const title = m(k, `journeys.${journey}.title`);
    if (granted.length === 0) return k.say(t(k, 'rights.withdraw-none', { journey: title }));
    for (const g of granted) k.withdraw(g.item, g.purpose);
    const descriptions = [...new Set(granted.map((g) => m(k, `purposes.${g.purpose}.description`)))].join(
      ', ',
    );
    const marketing = granted.every((g) =>
      deps.map().catalog.purposes[g.purpose]?.use.startsWith('marketing.'),
    );
    k.say(t(k, marketing ? 'rights.unsubscribed' : 'rights.withdrawn', { descriptions }));
  }

  function confirm(k: RightsKit, pending: RightsPending, text: string): void {
    k.setPending(pending);
    k.say(text, { suggestions: [btn(t(k, 'buttons.yes-delete')), btn(t(k, 'buttons.keep'))] });
  }

  /** Handles a recognised request. */
  function handle(k: RightsKit, r: RightRequest): void {
    switch (r.kind) {
      case 'what':
        return what(k);
      case 'why':
        return why(k, r.item);
      case 'export':
        return k.exportData(t(k, 'rights.export'));
      case 'stop':
        return stop(k, r.item);
      case 'unsubscribe':
        return unsubscribe(k);
      case 'withdraw-journey':
        return withdrawJourney(k, r.journey);
      case 'forget':
        return confirm(
          k,
          { kind: 'confirm-forget' },
          t(k, 'erasure.confirm', { wishes: erasureWishes(words(k), k.summary()) }),
        );
      case 'delete': {
        const h = find(k, r.item);
        if (!h) return k.say(t(k, 'rights.not-held', { item: itemName(k, r.item) }));
        return confirm(
          k,
          { kind: 'confirm-delete', item: r.item },
          t(k, 'rights.delete-confirm', { item: itemName(k, r.item), masked: k.masked(h) }),
        );
      }
      case 'change':
        if (!find(k, r.item)) return k.say(t(k, 'rights.change-none', { item: itemName(k, r.item) }));
        k.setPending({ kind: 'change', item: r.item, attempts: 0 });
        return k.say(t(k, 'rights.change-ask', { item: itemName(k, r.item) }), {
          suggestions: [btn(t(k, 'buttons.keep'))],
        });
      case 'clear-never':
        k.clearNeverAsk(r.item);
        return k.say(t(k, 'rights.never-cleared', { item: itemName(k, r.item) }));
      case 'change-which':
        return consent.changeWhich(k);
      case 'withdraw-all':
        return consent.withdrawAll(k);
      case 'restrict':
        return consent.restrict(k, r.item);
      case 'object':
        return consent.object(k, r.item);
    }
  }

  /** Answers a rights question the customer was asked (confirm, new value, which purpose). */
  function answer(k: RightsKit, pending: RightsPending, text: string): void {
    const said = normalize(text);
    const yes =
      CONFIRM_BUTTONS.some((key) => normalize(t(k, key)) === said) ||
      yesNo(deps.texts(), k.lng, text) === 'yes';
    k.setPending(undefined);
    if (pending.kind === 'confirm-change') return confirmChange(k, pending, text);
    if (pending.kind === 'pick-purpose') {
      const g = find(k, pending.item)?.grants.find(
        (x) => normalize(m(k, `purposes.${x.purpose}.description`)) === said,
      );
      if (!g) return k.say(t(k, 'rights.kept'));
      return withdraw(k, pending.item, g.purpose);
    }
    if (pending.kind === 'change') return change(k, pending, text);
    if (!yes) return k.say(t(k, 'rights.kept'));
    if (consent.confirmed(k, pending)) return;
    if (pending.kind === 'confirm-delete' || pending.kind === 'confirm-forget') {
      if (pending.kind === 'confirm-forget') {
        // What erasure keeps is worded from the history before it goes.
        const wishes = erasureWishes(words(k), k.summary());
        k.eraseSubject();
        k.say(t(k, 'erasure.done', { wishes }));
      } else {
        k.eraseItem(pending.item);
        k.say(t(k, 'rights.deleted', { item: itemName(k, pending.item) }));
      }
    }
  }

  function change(k: RightsKit, pending: Extract<RightsPending, { kind: 'change' }>, text: string): void {
    const def = deps.map().catalog.items[pending.item];
    if (!def || normalize(text) === normalize(t(k, 'buttons.keep'))) return k.say(t(k, 'rights.kept'));
    const outcome = answerPrompt(k.prompt, def, pending.attempts, text);
    if (outcome.kind === 'give-up') return k.say(t(k, 'rights.kept'));
    if (outcome.kind === 'confirm') {
      const { value, otherwise } = outcome;
      k.setPending({
        kind: 'confirm-change',
        item: pending.item,
        value,
        ...(otherwise ? { otherwise } : {}),
      });
      return k.say(outcome.text, { suggestions: askButtons(deps.texts(), k.lng, 'ask-confirm', false) });
    }
    if (outcome.kind === 'retry') {
      k.setPending({ ...pending, attempts: outcome.attempts });
      return k.say(`${outcome.reason} ${t(k, 'rights.change-ask', { item: itemName(k, pending.item) })}`);
    }
    changed(k, pending.item, outcome.value);
  }

  function changed(k: RightsKit, item: string, value: string): void {
    k.change(item, value);
    const h = find(k, item);
    k.say(t(k, 'rights.change-ok', { item: itemName(k, item), masked: h ? k.masked(h) : '' }));
  }

  /** "Yes" changes to the value read; "no" to what was typed, if that is kept; else the new value is asked again. */
  function confirmChange(k: RightsKit, p: Extract<RightsPending, { kind: 'confirm-change' }>, text: string) {
    const said = yesNo(deps.texts(), k.lng, text);
    if (said === 'yes') return changed(k, p.item, p.value);
    if (said === 'no' && p.otherwise) return changed(k, p.item, p.otherwise);
    k.setPending({ kind: 'change', item: p.item, attempts: 0 });
    k.say(`${t(k, 'values.confirm-retry')} ${t(k, 'rights.change-ask', { item: itemName(k, p.item) })}`);
  }

  return { handle, answer };
}
