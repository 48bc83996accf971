/**
 * What every part of a step shares: the turn's working set (the facts as this turn changes
 * them, the replies and the effects collected so far) and helpers to word, record and look
 * things up. No I/O: a consent write is an effect pushed here, and the working copy of the
 * facts is changed to match, so the rest of the turn sees it.
 */
import { grantFor, maskValue, type TurnEffect } from '../consent/index.ts';
import type { DialogueMap, Locale, Need, Texts } from '../map/index.ts';
import { foldAskSummary, type AskSummary, type HeldItem, type LedgerEvent } from '../storage/index.ts';
import type { AskEventType } from '../storage/index.ts';
import { historyOf, type AskHistory } from './ask-history.ts';
import type {
  ConversationState,
  Intent,
  Interrupt,
  Reply,
  RightsPending,
  Run,
} from './conversation-state.ts';
import type { IntentGuess } from './intent-model.ts';
import { needKey, type AskGuard, type HeldView, type Outcome } from './next-step.ts';
import { button } from './phrasing.ts';
import { askButtons, type AskKind } from './prompt.ts';
import type { ActRequest, ActResult } from './actions.ts';

export type TurnInput =
  | {
      readonly kind: 'text';
      readonly text: string;
      readonly guess?: IntentGuess;
      /**
       * The intent model's reading is made only if the turn needs it: a step that would read it
       * returns `needsGuess` instead, and the runtime steps again with the guess (most answers —
       * an option, a phone number — never need it, and reading one cost more than the rest of the step).
       */
      readonly guessLater?: boolean;
    }
  | { readonly kind: 'start'; readonly journey: string }
  | { readonly kind: 'welcome' }
  /** What came of the action the previous step of this turn asked for (the runtime re-enters). */
  | { readonly kind: 'acted'; readonly result: ActResult };

export interface TurnContext {
  readonly subject: string;
  readonly channel: string;
  readonly locale: Locale;
  /** The activity's own locale tag (`nl-BE`), for the phone region and the order of numeric dates. */
  readonly localeTag?: string;
  /** Values the channel vouches for (the SMS or WhatsApp sender's number, E.164): offered, never taken. */
  readonly known?: { readonly phone?: string };
  readonly activityId?: string;
  /** The conversation reference for proactive messages; saved when it changed. */
  readonly reference?: Record<string, unknown>;
}

/** The step's configuration: the map and texts, and what is switched on. Pure getters. */
export interface StepDeps {
  readonly map: () => DialogueMap;
  readonly texts: () => Texts;
  /** Where customers read the privacy notice (linked from "Why?"). */
  readonly noticeUrl: string;
  /** Invalid answers allowed before the bot stops asking for that item (asks and changes). */
  readonly maxAttempts?: number;
  /** The customer's rights in conversation (what we hold, export, change, delete, withdraw). */
  readonly rights: boolean;
  /** Opt-in analytics: ask counts and the waiting ask of each conversation. */
  readonly analytics: boolean;
}

/** What a step starts from, loaded once per turn. */
export interface StepFacts {
  /** Held items with their grants (values encrypted), grants marked when their terms changed. */
  readonly held: readonly HeldItem[];
  readonly summary: AskSummary;
  /** The plain value of a held item (for masking); pure over the facts. */
  readonly reveal: (h: HeldItem) => string;
  readonly now: Date;
}

/** A step's result: the next state, the replies and the effects to carry out, as data. */
export interface StepResult {
  readonly state: ConversationState;
  readonly replies: Reply[];
  readonly effects: TurnEffect[];
  /** Items this turn stores (ids only), so an error later can say what was saved. */
  readonly stored: readonly string[];
  /** The customer asked to be forgotten: keep no reference or state of the conversation. */
  readonly erased: boolean;
  /** What to answer instead when the effects cannot be saved (a value the customer gave). */
  readonly notSaved?: Reply;
  /** An action to carry out; the runtime feeds its result back as an `acted` input. */
  readonly act?: ActRequest;
  /** The step needs the intent model's reading of a `guessLater` text: nothing else in it counts. */
  readonly needsGuess?: true;
}

/** One turn's working set. */
export interface Turn {
  run?: Run;
  held: HeldItem[];
  summary: AskSummary;
  /** Values given in this turn, by item (not yet encrypted: the effect carries them). */
  readonly given: Map<string, string>;
  /** The item of the customer's latest "no thanks", for a "never ask again" that follows it. */
  lastDeclined?: string;
  rights?: RightsPending;
  clarify?: { options: Intent[]; menu?: true };
  interrupt?: Interrupt;
  suspended?: Run;
  declinedNeed?: ConversationState['declinedNeed'];
  /** A task ended in this turn (finished, stopped or left): the suspended one may be offered. */
  ended?: boolean;
  readonly replies: Reply[];
  readonly effects: TurnEffect[];
  readonly stored: string[];
  erased: boolean;
  notSaved?: Reply;
  act?: ActRequest;
  readonly facts: StepFacts;
  readonly ctx: TurnContext;
}

export type TurnKit = ReturnType<typeof createTurnKit>;

/** A held item with no stored ciphertext yet: its value is in `Turn.given`. */
const NO_CIPHERTEXT = { kid: '', iv: '', ct: '', tag: '' };

/** The shared helpers of one step function. */
export function createTurnKit(deps: StepDeps) {
  const tr = (t: Turn, key: string, vars?: Record<string, unknown>) =>
    deps.texts().t(t.ctx.locale, key, vars);
  const say = (t: Turn, text: string, extra: Omit<Reply, 'text'> = {}) =>
    void t.replies.push({ text, ...extra });
  const where = (t: Turn) => ({ journey: t.run?.journey ?? '', step: t.run?.step ?? '' });
  const heldView = (held: readonly HeldItem[]): HeldView => new Map(held.map((h) => [h.item, h.grants]));
  const history = (t: Turn): AskHistory => historyOf(t.summary);
  const plainOf = (t: Turn, h: HeldItem) => t.given.get(h.item) ?? t.facts.reveal(h);
  const maskedOf = (t: Turn, item: string): string | undefined => {
    const h = t.held.find((x) => x.item === item);
    const def = deps.map().catalog.items[item];
    return h && def ? maskValue(def.type, plainOf(t, h), t.ctx.locale, t.ctx.localeTag) : undefined;
  };
  const journeyOf = (run: Run) => {
    const j = deps.map().journeys.get(run.journey);
    if (!j) throw new Error(`journey ${run.journey} is no longer in the map`);
    return j;
  };
  const needOf = (run: Run, item: string, purpose: string): Need | undefined =>
    journeyOf(run).steps[run.step]?.needs.find((n) => n.item === item && n.purpose === purpose);

  /**
   * The menu: every journey, then (with rights on) "What do you know about me?". With no question open, its options are remembered
   * for the next message, so "2" picks the second where a channel numbers them (SMS).
   */
  const menu = (t: Turn) => {
    const journeys = [...deps.map().journeys.keys()];
    if (!t.run?.pending && !t.rights)
      t.clarify = {
        options: [
          ...journeys.map((journey) => ({ kind: 'journey' as const, journey })),
          ...(deps.rights ? [{ kind: 'right' as const, request: { kind: 'what' as const } }] : []),
        ],
        menu: true,
      };
    // Options: numbered where a channel shows no buttons.
    return [
      ...journeys.map((id) => {
        const title = deps.texts().t(t.ctx.locale, `journeys.${id}.title`, {}, 'map');
        return { title, value: title, option: true };
      }),
      ...(deps.rights ? [{ ...button(deps.texts(), t.ctx.locale, 'my-data'), option: true }] : []),
    ];
  };

  const buttonsOf = (t: Turn, kind: AskKind, required: boolean) =>
    askButtons(deps.texts(), t.ctx.locale, kind, required);

  const guardOf = (t: Turn): AskGuard => {
    const { catalog } = deps.map();
    return {
      history: history(t),
      askAgainAfter: (p) => catalog.purposes[p]?.askAgainAfter ?? 'P90D',
      askLaterAfter: (p) => catalog.purposes[p]?.askLaterAfter ?? 'P7D',
      ...(catalog.policy.questionBudget ? { budget: catalog.policy.questionBudget } : {}),
    };
  };

  /**
   * A ledger record, folded into the turn's summary at once (the planner sees it this turn). A
   * grant names the ask it answers (`askedId`) and carries that ask's `textHash`: the words agreed to.
   */
  const record = (
    t: Turn,
    need: Pick<Need, 'item' | 'purpose'> & { required?: boolean },
    event: LedgerEvent,
    textHash?: string,
    askedId?: string,
    source?: 'channel',
  ) => {
    const { item, purpose, required } = need;
    t.effects.push({
      kind: 'record',
      event,
      item,
      purpose,
      ...where(t),
      ...(required !== undefined ? { required } : {}),
      ...(textHash ? { textHash } : {}),
      ...(askedId ? { askedId } : {}),
      ...(source ? { source } : {}),
    });
    t.summary = foldAskSummary(t.summary, [{ event, item, purpose, at: t.facts.now, required }]);
  };

  /** An ask event for opt-in analytics (only ids: no value, no subject). */
  const event = (t: Turn, type: AskEventType, need: Pick<Need, 'item' | 'purpose'>, reason?: string) => {
    if (!deps.analytics) return;
    const { item, purpose } = need;
    const { locale, channel } = t.ctx;
    const at = t.facts.now;
    t.effects.push({
      kind: 'count',
      event: { type, item, purpose, ...where(t), locale, channel, at, ...(reason ? { reason } : {}) },
    });
  };

  /** Stores a value for a need: an item put with its grant. */
  const put = (t: Turn, run: Run, need: Need, value: string) => {
    const grant = grantFor(deps.map(), need, t.facts.now);
    t.effects.push({ kind: 'put', item: need.item, value, grant, journey: run.journey, step: run.step });
    const before = t.held.find((h) => h.item === need.item);
    const grants = [...(before?.grants ?? []).filter((g) => g.purpose !== need.purpose), grant];
    const collected = { journey: run.journey, step: run.step, channel: t.ctx.channel, locale: t.ctx.locale };
    const next: HeldItem = {
      subject: t.ctx.subject,
      item: need.item,
      value: NO_CIPHERTEXT,
      collectedAt: t.facts.now,
      collected,
      grants,
    };
    t.held = [...t.held.filter((h) => h.item !== need.item), next];
    t.given.set(need.item, value);
    t.stored.push(need.item);
  };

  /** Grants a held item to one more purpose; false when it is not held. */
  const addGrant = (t: Turn, need: Need): boolean => {
    const h = t.held.find((x) => x.item === need.item);
    if (!h) return false;
    const grant = grantFor(deps.map(), need, t.facts.now);
    t.effects.push({ kind: 'grant', item: need.item, grant });
    const grants = [...h.grants.filter((g) => g.purpose !== need.purpose), grant];
    t.held = t.held.map((x) => (x === h ? { ...h, grants } : x));
    t.stored.push(need.item);
    return true;
  };

  /** The latest ask of a need (its record id and text hash), for the grant that answers it. */
  const askedOf = (t: Turn, need: Pick<Need, 'item' | 'purpose'>) =>
    t.summary.asked[`${need.item}:${need.purpose}`];

  const settle = (run: Run, need: Pick<Need, 'item' | 'purpose'>, outcome: Outcome): Run => {
    const { pending: _pending, ...rest } = run;
    return { ...rest, outcomes: { ...run.outcomes, [needKey(need)]: outcome } };
  };

  /**
   * The run's choices as sentences put them, in the customer's language of this turn: a choice
   * is kept as its option id, so a language change mid-journey still reads natively.
   */
  const choiceWords = (t: Turn, run: Run): Record<string, string> => {
    const steps = deps.map().journeys.get(run.journey)?.steps ?? {};
    return Object.fromEntries(
      Object.entries(run.vars).map(([step, value]) => {
        const o = steps[step]?.choice?.options.find((x) => x.id === value);
        return [step, o ? deps.texts().t(t.ctx.locale, o.phrase ?? o.label, {}, 'map') : value];
      }),
    );
  };

  const sayStep = (t: Turn, run: Run, key: string) => {
    const masked = Object.fromEntries(t.held.map((h) => [h.item, maskedOf(t, h.item) ?? '']));
    say(t, deps.texts().t(t.ctx.locale, key, { ...masked, ...choiceWords(t, run) }, 'map'));
  };

  return {
    tr,
    say,
    choiceWords,
    where,
    heldView,
    history,
    plainOf,
    maskedOf,
    journeyOf,
    needOf,
    menu,
    buttonsOf,
    guardOf,
    record,
    askedOf,
    event,
    put,
    addGrant,
    settle,
    sayStep,
  };
}
