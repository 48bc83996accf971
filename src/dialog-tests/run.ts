/**
 * Runs one conversation test against a bot: sends each turn, compares the bot's lines, buttons
 * and ask with what the designer wrote, then what is stored and the ledger. Stops at the first
 * turn that differs (later turns would only differ because of it) and says exactly how.
 */
import { patternOf, type Conversation, type ScriptedAnswer, type Turn } from './format.ts';
import type { LoadedConversation } from './load.ts';

/** A bot reply as the runner reads it (the in-process channel's reply fits). */
export interface BotReply {
  readonly text: string;
  readonly buttons: readonly string[];
  readonly justask?: {
    readonly kind: string;
    readonly journey: string;
    readonly step: string;
    readonly item: string;
    readonly purpose: string;
    readonly required: boolean;
  };
}

/** The bot a test runs against: conversations, and what ends up stored for a customer. */
export interface TestBot {
  conversation(
    user: string,
    locale: string,
  ): {
    say(text: string): Promise<BotReply[]>;
    start(journey: string): Promise<BotReply[]>;
    join(): Promise<BotReply[]>;
  };
  stored(user: string): Promise<{ item: string; value: string; purposes: readonly string[] }[]>;
  ledger(user: string): Promise<string[]>;
  /** Sets how the systems answer this customer's actions (the test's `actions:`). */
  scriptActions?(user: string, answers: Readonly<Record<string, ScriptedAnswer>>): void;
}

export interface Failure {
  /** 1-based turn number, absent for checks at the end (stored, ledger). */
  readonly turn?: number;
  readonly line?: number;
  readonly message: string;
  /** Diff lines: `  ` same, `- ` expected, `+ ` actual. */
  readonly diff: readonly string[];
}

export interface ConversationResult {
  readonly name: string;
  readonly file: string;
  readonly line: number | undefined;
  readonly failures: readonly Failure[];
  /** Journeys the conversation went through (started or asked in). */
  readonly journeys: readonly string[];
  readonly ms: number;
}

export const matches = (expected: string, actual: string): boolean => {
  const re = patternOf(expected);
  return re ? re.test(actual) : expected === actual;
};

/** Where two strings first differ, as a hint under a diff. */
function firstDifference(expected: string, actual: string): string | undefined {
  if (patternOf(expected)) return undefined;
  let i = 0;
  while (i < expected.length && expected[i] === actual[i]) i++;
  const show = (s: string) =>
    i >= s.length ? 'the end' : `“${s.slice(i, i + 24)}${s.length > i + 24 ? '…' : ''}”`;
  return `  first difference at character ${i + 1}: expected ${show(expected)}, got ${show(actual)}`;
}

/** A line-by-line diff of expected against actual bot lines. */
export function diffLines(expected: readonly string[], actual: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < Math.max(expected.length, actual.length); i++) {
    const e = expected[i];
    const a = actual[i];
    if (e !== undefined && a !== undefined && matches(e, a)) {
      out.push(`  ${a}`);
      continue;
    }
    if (e !== undefined) out.push(`- ${e}`);
    if (a !== undefined) out.push(`+ ${a}`);
    const hint = e !== undefined && a !== undefined ? firstDifference(e, a) : undefined;
    if (hint) out.push(hint);
  }
  return out;
}

const askLabel = (a: { kind?: string; item: string; purpose: string; required?: boolean } | undefined) =>
  a
    ? `${a.kind ?? 'ask'} ${a.item} for ${a.purpose}${a.required === undefined ? '' : a.required ? ' (required)' : ' (optional)'}`
    : 'no ask';

function checkTurn(turn: Turn, replies: readonly BotReply[]): Omit<Failure, 'turn' | 'line'> | undefined {
  const texts = replies.map((r) => r.text);
  const expected = turn.bot === undefined ? undefined : [turn.bot].flat();
  if (
    expected &&
    (expected.length !== texts.length || expected.some((e, i) => !matches(e, texts[i] ?? '')))
  ) {
    return { message: 'the bot said something else', diff: diffLines(expected, texts) };
  }
  const last = replies.at(-1);
  if (turn.buttons && JSON.stringify(turn.buttons) !== JSON.stringify(last?.buttons ?? [])) {
    const show = (b: readonly string[]) => b.map((x) => `[${x}]`).join(' ') || '(no buttons)';
    return { message: 'other buttons', diff: [`- ${show(turn.buttons)}`, `+ ${show(last?.buttons ?? [])}`] };
  }
  if (turn.ask === false) {
    const asking = replies.find((r) => r.justask);
    return asking
      ? { message: 'the bot asked for something', diff: ['- no ask', `+ ${askLabel(asking.justask)}`] }
      : undefined;
  }
  if (turn.ask) {
    const got = last?.justask;
    const want = turn.ask;
    const same =
      got &&
      got.item === want.item &&
      got.purpose === want.purpose &&
      (want.kind === undefined || got.kind === want.kind) &&
      (want.required === undefined || got.required === want.required);
    if (!same)
      return {
        message: 'another ask',
        diff: [`- ${askLabel(want)}`, `+ ${askLabel(got)}`],
      };
  }
  return undefined;
}

async function checkEnd(c: Conversation, bot: TestBot, user: string): Promise<Failure[]> {
  const out: Failure[] = [];
  if (c.stored) {
    const held = await bot.stored(user);
    const want = c.stored.map(
      (s) =>
        `${s.item}${s.value === undefined ? '' : ` = ${s.value}`}${s.purposes ? ` for ${[...s.purposes].sort().join(', ')}` : ''}`,
    );
    const got = held.map((h) => {
      const spec = c.stored?.find((s) => s.item === h.item);
      const value = spec?.value === undefined ? '' : ` = ${h.value}`;
      const purposes = spec?.purposes ? ` for ${[...h.purposes].sort().join(', ')}` : '';
      return `${h.item}${value}${purposes}`;
    });
    if (JSON.stringify([...want].sort()) !== JSON.stringify([...got].sort()))
      out.push({ message: 'other data stored', diff: diffLines([...want].sort(), [...got].sort()) });
  }
  if (c.ledger) {
    const got = await bot.ledger(user);
    if (JSON.stringify(got) !== JSON.stringify(c.ledger))
      out.push({ message: 'another consent ledger', diff: diffLines(c.ledger, got) });
  }
  return out;
}

let users = 0;

/** Runs one conversation with a fresh customer. */
export async function runConversation(loaded: LoadedConversation, bot: TestBot): Promise<ConversationResult> {
  const started = performance.now();
  const c = loaded.conversation;
  const user = `designer-${process.pid}-${++users}`;
  bot.scriptActions?.(user, c.actions ?? {});
  const chat = bot.conversation(user, c.locale);
  const journeys = new Set<string>(c.journey ? [c.journey] : []);
  const failures: Failure[] = [];
  for (const [i, turn] of c.turns.entries()) {
    if (turn.start) journeys.add(turn.start);
    const replies =
      turn.customer !== undefined
        ? await chat.say(turn.customer)
        : turn.start
          ? await chat.start(turn.start)
          : await chat.join();
    for (const r of replies) if (r.justask) journeys.add(r.justask.journey);
    const failure = checkTurn(turn, replies);
    if (failure) {
      failures.push({
        turn: i + 1,
        ...(loaded.turnLines[i] ? { line: loaded.turnLines[i] } : {}),
        ...failure,
      });
      break;
    }
  }
  if (failures.length === 0) failures.push(...(await checkEnd(c, bot, user)));
  return {
    name: c.name,
    file: loaded.file,
    line: loaded.line,
    failures,
    journeys: [...journeys],
    ms: performance.now() - started,
  };
}
