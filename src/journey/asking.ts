/**
 * Asking: putting a question to the customer (a choice, an item, a reuse) and taking the
 * answer: "Why?", "No thanks", "Ask me later", "never ask me", or a value to validate and store.
 */
import { textHash, type Need } from '../map/index.ts';
import { StoreUnavailableError } from '../storage/index.ts';
import type { Run } from './conversation-state.ts';
import type { Decision } from './next-step.ts';
import { askReuseText, askText, button, needWords, whyText } from './phrasing.ts';
import { isCommand, normalize } from './recognize.ts';
import type { RuntimeDeps, Turn, TurnKit } from './turn-kit.ts';
import { validateAnswer } from './validate-answer.ts';

export type Asking = ReturnType<typeof createAsking>;

export function createAsking(deps: RuntimeDeps, kit: TurnKit) {
  const maxAttempts = deps.maxAttempts ?? 3;
  const { tr, say, consentCtx, maskedOf, journeyOf, needOf, askButtons, event, settle } = kit;

  async function ask(
    t: Turn,
    run: Run,
    d: Extract<Decision, { kind: 'ask' | 'ask-reuse' }>,
    opts: { record: boolean } = { record: true },
  ): Promise<void> {
    const { catalog } = deps.map();
    const texts = deps.texts();
    const text =
      d.kind === 'ask'
        ? askText(texts, t.ctx.locale, catalog, d.need)
        : askReuseText(texts, t.ctx.locale, catalog, d.need, maskedOf(t, d.need.item) ?? '');
    if (opts.record) {
      await deps.consent.asked(consentCtx(t, run), d.need, textHash(text));
      t.historyStale = true;
      await event(t, d.kind === 'ask' ? 'asked' : 'asked-reuse', d.need);
    }
    const { item, purpose, required } = d.need;
    say(t, text, {
      suggestions: askButtons(t, d.kind, required),
      justask: { kind: d.kind, journey: run.journey, step: run.step, item, purpose, required },
    });
    t.run = { ...run, pending: { kind: d.kind, item, purpose, attempts: 0 } };
  }

  function choose(t: Turn, run: Run): void {
    const choice = journeyOf(run).steps[run.step]?.choice;
    if (!choice) return;
    const texts = deps.texts();
    const suggestions = choice.options.map((o) => {
      const title = texts.t(t.ctx.locale, o.label, {}, 'map');
      return { title, value: title };
    });
    say(t, texts.t(t.ctx.locale, choice.prompt, run.vars, 'map'), { suggestions });
    t.run = { ...run, pending: { kind: 'choose' } };
  }

  function answerChoice(t: Turn, run: Run, text: string): boolean {
    const choice = journeyOf(run).steps[run.step]?.choice;
    const texts = deps.texts();
    const said = normalize(text);
    const labelOf = (key: string) => normalize(texts.t(t.ctx.locale, key, {}, 'map'));
    const options = choice?.options ?? [];
    const picked =
      options.find((o, i) => said === String(i + 1) || said === o.id || said === labelOf(o.label)) ??
      (said.length >= 3 ? options.find((o) => said.startsWith(labelOf(o.label))) : undefined);
    if (!picked) {
      say(t, tr(t, 'choice.invalid'));
      choose(t, run);
      return false;
    }
    const { pending: _p, ...rest } = run;
    t.run = {
      ...rest,
      chosen: picked.id,
      vars: { ...run.vars, [run.step]: texts.t(t.ctx.locale, picked.label, {}, 'map') },
    };
    return true;
  }

  async function decline(t: Turn, run: Run, need: Need): Promise<void> {
    await deps.consent.declined(consentCtx(t, run), need);
    await event(t, 'declined', need);
    say(t, tr(t, 'decline.ok'), { suggestions: [button(deps.texts(), t.ctx.locale, 'never')] });
    t.run = settle(run, need, 'declined');
    t.lastDeclined = need.item;
    t.historyStale = true;
  }

  async function defer(t: Turn, run: Run, need: Need): Promise<void> {
    await deps.consent.deferred(consentCtx(t, run), need);
    await event(t, 'deferred', need);
    say(t, tr(t, 'later.ok'));
    t.run = settle(run, need, 'declined');
    t.historyStale = true;
  }

  /** "Never ask me for my <item>": a permanent refusal, until the customer gives it themselves. */
  async function neverAsk(t: Turn, item: string): Promise<void> {
    const run = t.run;
    const pending = run?.pending;
    const journey = run?.journey ?? '';
    const step = run?.step ?? '';
    await deps.consent.neverAsk({ ...consentCtx(t, { journey, step, outcomes: {}, vars: {} }) }, item);
    await event(t, 'never-ask', { item, purpose: '*' });
    const name = deps.texts().t(t.ctx.locale, `items.${item}.name`, {}, 'map');
    say(t, tr(t, 'never.ok', { item: name }));
    if (run && pending && pending.kind !== 'choose' && pending.item === item) {
      t.run = settle(run, pending, 'declined');
    }
    t.historyStale = true;
  }

  /** An answer to an ask: why / no thanks / a value to validate and store. */
  async function answerAsk(
    t: Turn,
    run: Run,
    pending: Extract<Run['pending'], { item: string }>,
    text: string,
  ) {
    const need = needOf(run, pending.item, pending.purpose);
    if (!need) return void (t.run = undefined);
    const texts = deps.texts();
    const lng = t.ctx.locale;
    if (isCommand(texts, lng, text, 'why')) {
      const why = whyText(texts, lng, deps.map().catalog, need, `${deps.noticeUrl}?lang=${lng}`);
      await event(t, 'why', need);
      return say(t, why, {
        suggestions: askButtons(t, pending.kind, need.required).filter(
          (b) => b.title !== texts.t(lng, 'buttons.why'),
        ),
      });
    }
    if (isCommand(texts, lng, text, 'decline')) return decline(t, run, need);
    if (!need.required && isCommand(texts, lng, text, 'later')) return defer(t, run, need);
    if (pending.kind === 'ask-reuse') {
      if (!isCommand(texts, lng, text, 'yes'))
        return say(t, tr(t, 'reuse.unclear'), { suggestions: askButtons(t, 'ask-reuse', need.required) });
      const ok = await deps.consent.reuse(consentCtx(t, run), need);
      if (ok) t.stored.push(need.item);
      if (ok) await event(t, 'reused', need);
      t.run = ok ? settle(run, need, 'reused') : { ...run, pending: undefined };
      if (ok) say(t, tr(t, 'reuse.ok', needWords(texts, lng, deps.map().catalog, need)));
      return;
    }
    await provide(t, run, pending, need, text);
  }

  async function provide(
    t: Turn,
    run: Run,
    pending: { attempts: number; kind: 'ask' | 'ask-reuse' },
    need: Need,
    text: string,
  ) {
    const texts = deps.texts();
    const lng = t.ctx.locale;
    const item = deps.map().catalog.items[need.item];
    if (!item) return;
    const result = validateAnswer(text, item, {
      locale: lng,
      ...(t.ctx.localeTag ? { localeTag: t.ctx.localeTag } : {}),
      now: deps.clock.now(),
      yes: texts.list(lng, 'commands.yes').map((w) => w.toLowerCase()),
      no: texts.list(lng, 'commands.no').map((w) => w.toLowerCase()),
    });
    const w = needWords(texts, lng, deps.map().catalog, need);
    if (!result.ok) {
      await event(t, 'invalid', need);
      const attempts = pending.attempts + 1;
      if (attempts >= maxAttempts) {
        say(t, tr(t, 'invalid.give-up', w));
        t.run = settle(run, need, 'declined');
        return;
      }
      say(t, `${tr(t, result.reason, result.vars)} ${tr(t, 'invalid.retry', w)}`, {
        suggestions: askButtons(t, 'ask', need.required),
        justask: {
          kind: 'ask',
          journey: run.journey,
          step: run.step,
          item: need.item,
          purpose: need.purpose,
          required: need.required,
        },
      });
      t.run = { ...run, pending: { kind: 'ask', item: need.item, purpose: need.purpose, attempts } };
      return;
    }
    try {
      await deps.consent.provide(consentCtx(t, run), need, result.value);
    } catch (e) {
      if (!(e instanceof StoreUnavailableError)) throw e;
      say(t, tr(t, 'error.not-saved'), { suggestions: askButtons(t, 'ask', need.required) });
      return;
    }
    t.stored.push(need.item);
    await event(t, 'granted', need);
    t.held = await deps.consent.held(t.ctx.subject);
    say(t, tr(t, 'provide.ok', { ...w, masked: maskedOf(t, need.item) }));
    t.run = settle(run, need, 'provided');
  }

  return { ask, choose, answerChoice, neverAsk, answerAsk };
}
