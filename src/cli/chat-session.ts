/**
 * The terminal simulator's loop: reads the designer's lines, sends them to the in-process bot
 * and prints the replies with their buttons (`[Why?] [No thanks]`) and the ask they carry
 * (item, purpose, required, journey › step). Lines starting with `/` are simulator commands.
 */
import type { ChannelReply } from '../channels/index.ts';

export interface ChatBot {
  say(text: string): Promise<ChannelReply[]>;
  start(journey: string): Promise<ChannelReply[]>;
  stored(): Promise<{ item: string; masked: string; purposes: readonly string[] }[]>;
  ledger(): Promise<string[]>;
}

export interface ChatIo {
  readonly lines: AsyncIterable<string> | Iterable<string>;
  readonly write: (text: string) => void;
  /** Whether to echo what the designer typed (when it does not come from a terminal). */
  readonly echo: boolean;
  readonly color: boolean;
}

const HELP = [
  '/start <journey>  start a journey',
  '/held             what is stored for you (masked) and for which purposes',
  '/ledger           the consent ledger of this conversation',
  '/quit             leave (a throw-away store is deleted)',
].join('\n');

export function createPrinter(io: Pick<ChatIo, 'write' | 'color'>) {
  const paint = (code: string, s: string) => (io.color ? `\u001b[${code}m${s}\u001b[0m` : s);
  return {
    replies(replies: readonly ChannelReply[]): void {
      for (const r of replies) {
        io.write(`${paint('36', 'bot ›')} ${r.text}\n`);
        if (r.buttons.length > 0) io.write(`      ${r.buttons.map((b) => paint('1', `[${b}]`)).join(' ')}\n`);
        const a = r.justask;
        if (a) {
          const need = a.required ? 'required' : 'optional';
          io.write(
            paint('2', `      ↳ ${a.kind} ${a.item} for ${a.purpose} (${need}) · ${a.journey} › ${a.step}`) +
              '\n',
          );
        }
      }
    },
    note: (s: string) => io.write(paint('2', s) + '\n'),
  };
}

async function command(
  line: string,
  bot: ChatBot,
  print: ReturnType<typeof createPrinter>,
): Promise<boolean> {
  const [cmd, arg] = line.slice(1).trim().split(/\s+/);
  switch (cmd) {
    case 'quit':
    case 'exit':
      return false;
    case 'start':
      print.replies(await bot.start(arg ?? ''));
      break;
    case 'held': {
      const held = await bot.stored();
      print.note(
        held.length === 0
          ? 'nothing stored'
          : held.map((h) => `${h.item} = ${h.masked} for ${h.purposes.join(', ')}`).join('\n'),
      );
      break;
    }
    case 'ledger': {
      const ledger = await bot.ledger();
      print.note(ledger.length === 0 ? 'no consent records' : ledger.join('\n'));
      break;
    }
    default:
      print.note(HELP);
  }
  return true;
}

/** Runs the conversation until the input ends or the designer types /quit. */
export async function runChatSession(
  bot: ChatBot,
  first: Promise<ChannelReply[]>,
  io: ChatIo,
): Promise<void> {
  const print = createPrinter(io);
  print.replies(await first);
  for await (const raw of io.lines) {
    const line = raw.trim();
    if (line === '') continue;
    if (io.echo) io.write(`you › ${line}\n`);
    if (line.startsWith('/')) {
      if (!(await command(line, bot, print))) break;
      continue;
    }
    print.replies(await bot.say(line));
  }
}
