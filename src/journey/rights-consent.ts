/**
 * The rights over how data is used, in chat: withdraw every consent (Art. 7(3)), stop one use,
 * restrict (Art. 18: the data is kept but not used until the customer consents again; retention
 * still runs) and object (Art. 21: uses that rest on our legitimate interests or a public task,
 * and every marketing use, stop — recorded as `objected`, then `withdrawn`). Each of them asks
 * for a yes first; what is done is an effect on the turn, with its ledger record.
 */
import { fillItem, itemWords } from '../map/index.ts';
import type { Grant } from '../storage/index.ts';
import type { RightsPending, Suggestion } from './conversation-state.ts';
import type { RightsDialogDeps, RightsKit } from './rights-dialog.ts';

type Use = { readonly item: string; readonly purpose: string; readonly grant: Grant };

/** The bases a customer may object to (Art. 21(1)); marketing is objectable whatever its basis (21(2)). */
const OBJECTABLE = ['legitimate_interests', 'public_task'];

/** The confirmation buttons' keys: any of them, or a yes word, says yes. */
export const CONFIRM_BUTTONS = [
  'buttons.yes-delete',
  'restriction.confirm-button',
  'objection.confirm-button',
  'withdrawal.confirm-button',
] as const;

export function createConsentRights(deps: RightsDialogDeps) {
  const t = (k: RightsKit, key: string, vars?: Record<string, unknown>) => deps.texts().t(k.lng, key, vars);
  const m = (k: RightsKit, key: string) => deps.texts().t(k.lng, key, {}, 'map');
  const btn = (title: string): Suggestion => ({ title, value: title });
  const itemName = (k: RightsKit, item: string) => itemWords(deps.texts(), k.lng, item);
  const confirmButtons = (k: RightsKit, key: string) => [btn(t(k, key)), btn(t(k, 'buttons.keep'))];
  /** "a, b and c" in the customer's language. */
  const listOf = (k: RightsKit, parts: readonly string[]) => {
    const unique = [...new Set(parts)];
    const last = unique.pop();
    return unique.length > 0 ? `${unique.join(', ')} ${t(k, 'list.and')} ${last ?? ''}` : (last ?? '');
  };
  const descriptions = (k: RightsKit, uses: readonly Use[]) =>
    listOf(
      k,
      uses.map((u) => m(k, `purposes.${u.purpose}.description`)),
    );
  const items = (k: RightsKit, uses: readonly Use[]) =>
    listOf(
      k,
      uses.map((u) => t(k, 'withdrawal.your-item', { item: itemName(k, u.item) })),
    );

  /** The uses held: of one item, or of everything. */
  const usesOf = (k: RightsKit, item?: string): Use[] =>
    k
      .held()
      .filter((h) => !item || h.item === item)
      .flatMap((h) => h.grants.map((grant) => ({ item: h.item, purpose: grant.purpose, grant })));
  const objectable = (k: RightsKit, item?: string) =>
    usesOf(k, item).filter(
      (u) =>
        OBJECTABLE.includes(u.grant.basis) ||
        (deps.map().catalog.purposes[u.purpose]?.use.startsWith('marketing.') ?? false),
    );
  const consented = (k: RightsKit) => usesOf(k).filter((u) => u.grant.basis === 'consent');
  const unrestricted = (k: RightsKit, item?: string) => usesOf(k, item).filter((u) => !u.grant.restrictedAt);

  function restrict(k: RightsKit, item?: string): void {
    const all = usesOf(k, item);
    if (all.length === 0)
      return k.say(item ? t(k, 'rights.not-held', { item: itemName(k, item) }) : t(k, 'restriction.none'));
    const open = unrestricted(k, item);
    if (open.length === 0) return k.say(t(k, 'restriction.already', { items: items(k, all) }));
    k.setPending({ kind: 'confirm-restrict', ...(item ? { item } : {}) });
    k.say(t(k, 'restriction.confirm', { items: items(k, open) }), {
      suggestions: confirmButtons(k, 'restriction.confirm-button'),
    });
  }

  function object(k: RightsKit, item?: string): void {
    const uses = objectable(k, item);
    if (uses.length === 0) return k.say(t(k, 'objection.none'));
    k.setPending({ kind: 'confirm-object', ...(item ? { item } : {}) });
    k.say(t(k, 'objection.confirm', { descriptions: descriptions(k, uses) }), {
      suggestions: confirmButtons(k, 'objection.confirm-button'),
    });
  }

  function withdrawAll(k: RightsKit): void {
    const uses = consented(k);
    if (uses.length === 0) return k.say(t(k, 'withdrawal.all-none'));
    k.setPending({ kind: 'confirm-withdraw-all' });
    k.say(t(k, 'withdrawal.all-confirm', { descriptions: descriptions(k, uses) }), {
      suggestions: confirmButtons(k, 'withdrawal.confirm-button'),
    });
  }

  /** "Stop using my X" for its one purpose: says what it means (deleted when nothing else needs it). */
  function stopOne(k: RightsKit, item: string, purpose: string): void {
    const deletes = usesOf(k, item).length === 1;
    const vars = { item: itemName(k, item), description: m(k, `purposes.${purpose}.description`) };
    k.setPending({ kind: 'confirm-stop', item, purpose });
    k.say(t(k, deletes ? 'withdrawal.stop-confirm-deletes' : 'withdrawal.stop-confirm', vars), {
      suggestions: confirmButtons(k, 'withdrawal.confirm-button'),
    });
  }

  /** "My details are wrong": which one, as buttons of the held items. */
  function changeWhich(k: RightsKit): void {
    const held = k.held();
    if (held.length === 0) return k.say(t(k, 'withdrawal.change-none'));
    const cmd = (item: string) =>
      fillItem(deps.texts().list(k.lng, 'commands.rights-change')[0] ?? '', itemName(k, item));
    k.say(t(k, 'withdrawal.change-which'), { suggestions: held.map((h) => btn(cmd(h.item))) });
  }

  /** Carries out a confirmed request of this module; false when `pending` is not one of them. */
  function confirmed(k: RightsKit, pending: RightsPending): boolean {
    switch (pending.kind) {
      case 'confirm-restrict': {
        const open = unrestricted(k, pending.item);
        for (const u of open) k.restrict(u.item, u.purpose);
        k.say(t(k, 'restriction.done', { items: items(k, open) }));
        return true;
      }
      case 'confirm-object': {
        const uses = objectable(k, pending.item);
        for (const u of uses) {
          k.objected(u.item, u.purpose);
          k.withdraw(u.item, u.purpose);
        }
        k.say(t(k, 'objection.done', { descriptions: descriptions(k, uses) }));
        return true;
      }
      case 'confirm-withdraw-all': {
        const uses = consented(k);
        for (const u of uses) k.withdraw(u.item, u.purpose);
        k.say(t(k, 'rights.withdrawn', { descriptions: descriptions(k, uses) }));
        return true;
      }
      case 'confirm-stop': {
        const r = k.withdraw(pending.item, pending.purpose);
        const vars = {
          item: itemName(k, pending.item),
          description: m(k, `purposes.${pending.purpose}.description`),
        };
        if (r === 'not-held') k.say(t(k, 'rights.not-held', vars));
        else k.say(t(k, r === 'deleted' ? 'rights.stopped-deleted' : 'rights.stopped', vars));
        return true;
      }
      default:
        return false;
    }
  }

  return { restrict, object, withdrawAll, stopOne, changeWhich, confirmed };
}
