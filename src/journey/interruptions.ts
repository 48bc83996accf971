/**
 * The conversation about the conversation: "Did you mean …?" when the customer's words read two
 * ways, "Stop X and go to Y?" / "Stop X?" before a half-done task is left, "Shall we get back to
 * X?" once the task that interrupted it is over, and pausing a task with "later". Part of the pure
 * step: each question is state (`clarify`, `interrupt`, `suspended`) and a reply with buttons.
 */
import type { Intent, Interrupt, RightRequest, Run } from './conversation-state.ts';
import { isCommand, normalize } from './recognize.ts';
import type { StepDeps, Turn, TurnKit } from './turn-kit.ts';

/** What the step lends the interruptions: acting on an intent and asking the open question again. */
export interface Flow {
  /** Does what the customer asked for (their own initiative). */
  act(t: Turn, intent: Intent): void;
  /** Asks the open question of `t.run` again, after `lead` when given. */
  reask(t: Turn, lead?: string): void;
}

const RIGHT_LABELS: Partial<Record<RightRequest['kind'], string>> = {
  what: 'access',
  export: 'export',
  forget: 'erasure',
  unsubscribe: 'unsubscribe',
  'withdraw-all': 'withdrawal',
  'change-which': 'rectification',
  restrict: 'restriction',
  object: 'objection',
};

export function createInterruptions(deps: StepDeps, kit: TurnKit, flow: Flow) {
  const { tr, say, menu } = kit;
  const texts = () => deps.texts();
  const title = (t: Turn, journey: string) => texts().t(t.ctx.locale, `journeys.${journey}.title`, {}, 'map');
  const upper = (t: Turn, s: string) =>
    s.charAt(0).toLocaleUpperCase(t.ctx.localeTag ?? t.ctx.locale) + s.slice(1);
  const btn = (title: string) => ({ title, value: title });
  const said = (text: string, ...phrases: string[]) => phrases.some((p) => normalize(p) === normalize(text));

  /** The button title of an intent, in the customer's language. */
  function titleOf(t: Turn, intent: Intent): string {
    if (intent.kind === 'journey') return title(t, intent.journey);
    if (intent.kind === 'command') return tr(t, `intents.labels.${intent.command}`);
    const r = intent.request;
    if (r.kind === 'withdraw-journey')
      return tr(t, 'intents.labels.withdraw-journey', { journey: title(t, r.journey) });
    if ('item' in r && r.item && r.kind !== 'restrict' && r.kind !== 'object') {
      const name = texts().t(t.ctx.locale, `items.${r.item}.name`, {}, 'map');
      const tpl = texts().list(t.ctx.locale, `commands.rights-${r.kind}`)[0] ?? '';
      return upper(t, tpl.replace('{{item}}', name));
    }
    return tr(t, `intents.labels.${RIGHT_LABELS[r.kind] ?? 'access'}`);
  }

  /** Asks a yes/no question about the conversation. */
  function confirm(t: Turn, interrupt: Interrupt): void {
    const run = t.run;
    t.interrupt = interrupt;
    if (interrupt.kind === 'resume') {
      const journey = t.suspended ? title(t, t.suspended.journey) : '';
      const buttons = [btn(tr(t, 'interrupt.yes-resume')), btn(tr(t, 'interrupt.no-resume'))];
      return say(t, tr(t, 'interrupt.resume-offer', { journey }), { suggestions: buttons });
    }
    const current = run ? title(t, run.journey) : '';
    const yes = interrupt.kind === 'switch' ? 'interrupt.yes-switch' : 'interrupt.yes-stop';
    const text =
      interrupt.kind === 'switch'
        ? tr(t, 'interrupt.switch', { current, next: titleOf(t, interrupt.to) })
        : tr(t, 'interrupt.cancel', { current });
    say(t, text, { suggestions: [btn(tr(t, yes)), btn(tr(t, 'interrupt.carry-on'))] });
  }

  const isYes = (t: Turn, text: string, key: string) =>
    said(text, tr(t, key)) || isCommand(texts(), t.ctx.locale, text, 'yes');
  const isNo = (t: Turn, text: string, key: string) =>
    said(text, tr(t, key)) ||
    isCommand(texts(), t.ctx.locale, text, 'no') ||
    isCommand(texts(), t.ctx.locale, text, 'decline');

  /** The task in progress ends here: left for good. */
  function leave(t: Turn): void {
    t.run = undefined;
    t.ended = true;
  }

  /** Answers the confirmation waiting; false (and forgotten) when the text is not a yes or a no. */
  function answer(t: Turn, text: string): boolean {
    const q = t.interrupt;
    if (!q) return false;
    t.interrupt = undefined;
    const yesKey =
      q.kind === 'resume'
        ? 'interrupt.yes-resume'
        : q.kind === 'switch'
          ? 'interrupt.yes-switch'
          : 'interrupt.yes-stop';
    const noKey = q.kind === 'resume' ? 'interrupt.no-resume' : 'interrupt.carry-on';
    if (isYes(t, text, yesKey)) {
      if (q.kind === 'resume') resumeSuspended(t);
      else if (q.kind === 'cancel') {
        leave(t);
        say(t, tr(t, 'journey.cancelled'), { suggestions: menu(t) });
      } else switchTo(t, q.to);
      return true;
    }
    if (isNo(t, text, noKey)) {
      if (q.kind === 'resume') {
        const journey = t.suspended ? title(t, t.suspended.journey) : '';
        t.suspended = undefined;
        say(t, tr(t, 'interrupt.left', { journey }), { suggestions: menu(t) });
      } else flow.reask(t, tr(t, 'interrupt.carrying-on', { current: t.run ? title(t, t.run.journey) : '' }));
      return true;
    }
    if (q.kind === 'resume') t.suspended = undefined;
    return false;
  }

  /** Leaves the task in progress (kept, to be offered again) for what the customer asked for. */
  function switchTo(t: Turn, to: Intent): void {
    const run = t.run;
    t.run = undefined;
    if (run) t.suspended = run;
    flow.act(t, to);
  }

  /** Takes up the suspended task where it was left. */
  function resumeSuspended(t: Turn): void {
    const run = t.suspended;
    t.suspended = undefined;
    if (!run) return;
    t.run = run;
    flow.reask(t, tr(t, 'interrupt.resumed', { journey: title(t, run.journey) }));
  }

  /** "Did you mean …?" with one button per reading and "Something else". */
  function clarify(t: Turn, options: readonly Intent[]): void {
    t.clarify = { options: [...options] };
    const buttons = [...options.map((o) => btn(titleOf(t, o))), btn(tr(t, 'intents.something-else'))];
    say(t, tr(t, 'intents.did-you-mean'), { suggestions: buttons });
  }

  /** Answers "Did you mean …?"; false (and forgotten) when the text picks none of its buttons. */
  function answerClarify(t: Turn, text: string): boolean {
    const c = t.clarify;
    if (!c) return false;
    t.clarify = undefined;
    const picked = c.options.find((o, i) => said(text, titleOf(t, o), String(i + 1)));
    if (picked) {
      flow.act(t, picked);
      return true;
    }
    // The menu has no "Something else": any other text is read as it comes.
    if (c.menu || !said(text, tr(t, 'intents.something-else'), String(c.options.length + 1))) return false;
    if (t.run?.pending) flow.reask(t);
    else say(t, tr(t, 'intents.else'), { suggestions: menu(t) });
    return true;
  }

  /** "Later" to a task's own question: the task waits, to be taken up when asked for again. */
  function pause(t: Turn, run: Run): void {
    t.suspended = run;
    t.run = undefined;
    say(t, tr(t, 'interrupt.paused', { journey: title(t, run.journey) }), { suggestions: menu(t) });
  }

  /** Starts `journey`, or takes it up where it was paused. True when it was the suspended one. */
  function takeUp(t: Turn, journey: string): boolean {
    if (t.suspended?.journey !== journey) return false;
    resumeSuspended(t);
    return true;
  }

  /** Once a task ended this turn, offers to go back to the one it interrupted. */
  function offerResume(t: Turn): void {
    if (!t.ended || !t.suspended || t.run || t.interrupt || t.clarify || t.rights || t.erased) return;
    confirm(t, { kind: 'resume' });
  }

  return { titleOf, confirm, answer, clarify, answerClarify, pause, takeUp, offerResume };
}
