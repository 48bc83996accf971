/**
 * The rights dialog's view of a turn: each right exercised becomes an effect (carried out after
 * the turn's batch by the rights service) and changes the turn's working copy of the facts the
 * same way, so the replies that follow (what is held, a masked new value) already show it.
 */
import { withSuppression } from '../consent/index.ts';
import { emptyAskSummary, type AskSummary, type HeldItem } from '../storage/index.ts';
import { DEFAULT_MAX_ATTEMPTS } from './prompt.ts';
import type { RightsKit } from './rights-dialog.ts';
import type { StepDeps, Turn, TurnKit } from './turn-kit.ts';

const NO_CIPHERTEXT = { kid: '', iv: '', ct: '', tag: '' };

/** The summary a forgotten customer is left with: their never-asks and objections alone. */
const keptAfterErasure = (s: AskSummary, at: Date): AskSummary =>
  withSuppression(emptyAskSummary(), {
    key: '',
    neverAsk: s.neverAsk,
    objections: s.objections,
    erasedAt: at,
    erasedChain: { records: 0 },
  });

export function rightsKitOf(deps: StepDeps, kit: TurnKit, t: Turn): RightsKit {
  const at = () => kit.where(t);
  const without = (item: string) => void (t.held = t.held.filter((h) => h.item !== item));
  const replace = (h: HeldItem) => void (t.held = t.held.map((x) => (x.item === h.item ? h : x)));
  return {
    lng: t.ctx.locale,
    prompt: {
      texts: deps.texts(),
      lng: t.ctx.locale,
      now: t.facts.now,
      maxAttempts: deps.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      ...(t.ctx.localeTag ? { localeTag: t.ctx.localeTag } : {}),
    },
    held: () => t.held,
    history: () => kit.history(t),
    summary: () => t.summary,
    masked: (h) => kit.maskedOf(t, h.item) ?? '',
    say: (text, extra) => kit.say(t, text, extra),
    setPending: (p) => void (t.rights = p),
    endJourney: (journey) => {
      if (t.run?.journey === journey) t.run = undefined;
    },
    withdraw(item, purpose) {
      const h = t.held.find((x) => x.item === item);
      if (!h?.grants.some((g) => g.purpose === purpose)) return 'not-held';
      t.effects.push({ kind: 'withdraw', item, purpose, ...at() });
      const grants = h.grants.filter((g) => g.purpose !== purpose);
      if (grants.length > 0) return (void replace({ ...h, grants }), 'withdrawn');
      without(item);
      return 'deleted';
    },
    eraseItem(item) {
      t.effects.push({ kind: 'erase-item', item, ...at() });
      without(item);
    },
    eraseSubject() {
      t.effects.push({ kind: 'erase-subject', ...at() });
      t.held = [];
      t.run = undefined;
      t.erased = true;
      t.lastDeclined = undefined;
      // Nothing of the erased history counts any more; only what erasure keeps (suppression.ts).
      t.summary = keptAfterErasure(t.summary, t.facts.now);
    },
    change(item, value) {
      const h = t.held.find((x) => x.item === item);
      if (!h) return;
      t.effects.push({ kind: 'change', item, value, ...at() });
      replace({ ...h, value: NO_CIPHERTEXT });
      t.given.set(item, value);
      t.stored.push(item);
    },
    exportData(text) {
      t.effects.push({ kind: 'export' });
      kit.say(t, text, { attachments: [{ ...EXPORT_ATTACHMENT }] });
    },
    clearNeverAsk(item) {
      kit.record(t, { item, purpose: '*' }, 'never-ask-cleared');
    },
    restrict(item, purpose) {
      const h = t.held.find((x) => x.item === item);
      const g = h?.grants.find((x) => x.purpose === purpose);
      if (!h || !g || g.restrictedAt) return false;
      const grant = { ...g, restrictedAt: t.facts.now };
      t.effects.push({ kind: 'grant', item, grant });
      kit.record(t, { item, purpose }, 'restricted');
      replace({ ...h, grants: h.grants.map((x) => (x === g ? grant : x)) });
      return true;
    },
    objected(item, purpose) {
      kit.record(t, { item, purpose }, 'objected');
    },
  };
}

/** The export's attachment until the runtime fills in its content (a data: URL of the JSON). */
export const EXPORT_ATTACHMENT = { name: 'my-data.json', contentType: 'application/json', contentUrl: '' };
