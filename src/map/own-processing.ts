/**
 * The processing the assistant does by itself, beside the catalog's purposes: the chat ids and
 * conversation state, conversation references for give-back messages, the consent ledger,
 * remembered refusals and the question budget, and opt-in analytics. The notice and the RoPA
 * describe each with its basis and retention; the durations come from the catalog's `records`.
 */
import { formatDuration } from './format-duration.ts';
import type { Catalog, LegalBasis } from './schema.ts';
import type { Locale, Texts } from './texts.ts';

export interface OwnActivity {
  readonly id: 'conversation' | 'references' | 'ledger' | 'refusals' | 'analytics';
  readonly basis: LegalBasis;
  /** A notice text naming the article beside Art. 6(1) the basis rests on, when there is one. */
  readonly also?: string;
  /** Data categories, fideslang style, for the RoPA. */
  readonly categories: readonly string[];
}

export const OWN_ACTIVITIES: readonly OwnActivity[] = [
  {
    id: 'conversation',
    basis: 'legitimate_interests',
    categories: ['user.unique_id.pseudonymous', 'user.behavior.conversation_state'],
  },
  {
    id: 'references',
    basis: 'legitimate_interests',
    categories: ['user.unique_id.pseudonymous', 'user.contact.conversation_reference'],
  },
  {
    id: 'ledger',
    basis: 'legal_obligation',
    also: 'value.article-ledger',
    categories: ['user.unique_id.pseudonymous', 'user.consent'],
  },
  {
    id: 'refusals',
    basis: 'legitimate_interests',
    categories: ['user.unique_id.pseudonymous', 'user.consent.preferences'],
  },
  {
    id: 'analytics',
    basis: 'legitimate_interests',
    categories: ['user.unique_id.pseudonymous', 'user.behavior.aggregate'],
  },
];

/** The durations the own-processing texts speak of, in words in `lng`. */
export function recordDurations(catalog: Catalog, texts: Texts, lng: Locale): Record<string, string> {
  const d = (iso: string) => formatDuration(texts, lng, iso);
  const quiet = [...new Set(Object.values(catalog.purposes).map((p) => p.askAgainAfter))]
    .sort()
    .map(d)
    .join(', ');
  const window = catalog.policy.questionBudget?.window;
  return {
    state: d(catalog.records.state),
    references: d(catalog.records.references),
    ledger: d(catalog.records.ledger),
    analytics: d(catalog.records.analytics),
    quiet,
    window: window ? d(window) : '',
  };
}

/**
 * How long an own record is kept, in words in `lng`: the refusals add the question budget; the
 * ledger and the refusals what "forget me" does to them (consent/suppression.ts).
 */
export function ownRetention(catalog: Catalog, texts: Texts, lng: Locale, a: OwnActivity): string {
  const vars = recordDurations(catalog, texts, lng);
  const own = texts.t(lng, `own.${a.id}.retention`, vars, 'notice');
  const budget =
    a.id === 'refusals' && vars.window ? ` ${texts.t(lng, 'own.refusals.budget', vars, 'notice')}` : '';
  const erasure =
    a.id === 'ledger' || a.id === 'refusals' ? texts.t(lng, `erasure.${a.id}`, {}, 'notice') : '';
  return `${own}${budget}${erasure}`;
}
