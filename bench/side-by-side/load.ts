/**
 * The load generator: N order-delivery conversations over HTTP (`/api/messages`, expectReplies),
 * c customers at a time. Each conversation is a new customer: "deliver my order" → "Morning" →
 * "07911 123456". Every reply is checked against the texts both servers must send; a wrong reply
 * or a failed request counts as an error and ends that conversation. Records each turn's latency.
 */
import { Agent, request } from 'node:http';

/** What a customer says, and the reply texts expected for it (justask's English texts). */
export const SCRIPT: readonly { readonly says: string; readonly replies: readonly string[] }[] = [
  { says: 'deliver my order', replies: ['When would you like your order delivered?'] },
  {
    says: 'Morning',
    replies: [
      "To SMS-confirm this delivery, what's your mobile number? We use it only for text message confirmations of your deliveries and delete it after 30 days. You're free to say no.",
    ],
  },
  {
    says: '07911 123456',
    replies: [
      "Thanks, I've saved your mobile number (•••• 456) for text message confirmations of your deliveries.",
      "Your delivery is booked: we'll bring your order in the morning. We'll text •••• 456 on the day.",
    ],
  },
];

export interface LoadResult {
  readonly turns: number;
  readonly errors: number;
  readonly seconds: number;
  /** Latency of every completed turn, in ms, in completion order. */
  readonly latencies: number[];
  /** The first few error descriptions (no customer values beyond the fixed script). */
  readonly samples: string[];
}

interface Tally {
  turns: number;
  errors: number;
  latencies: number[];
  samples: string[];
}

/** One customer message of the benchmark conversations, as the JSON body of a POST. */
export function activity(user: string, id: string, text: string): string {
  return JSON.stringify({
    type: 'message',
    id,
    channelId: 'webchat',
    serviceUrl: 'http://localhost:1',
    from: { id: user },
    recipient: { id: 'bot' },
    conversation: { id: `conv-${user}` },
    locale: 'en-GB',
    text,
    deliveryMode: 'expectReplies',
  });
}

/** Keep-alive connections to the server under test, as many as customers at a time. */
const agent = new Agent({ keepAlive: true, maxSockets: 256 });

/** One POST over a kept-alive connection; the status and body text. */
function post(url: string, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/api/messages`,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Sends one turn; returns the reply texts, or a description of what went wrong. */
async function send(url: string, body: string): Promise<string[] | string> {
  try {
    const { status, text } = await post(url, body);
    if (status !== 200) return `HTTP ${status}`;
    const parsed = JSON.parse(text) as { activities?: { text?: string }[] };
    return (parsed.activities ?? []).map((a) => a.text ?? '');
  } catch (e) {
    return `request failed: ${(e as Error).message}`;
  }
}

const same = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

async function conversation(url: string, user: string, tally: Tally): Promise<void> {
  for (const [i, step] of SCRIPT.entries()) {
    const started = performance.now();
    const got = await send(url, activity(user, `${user}-${i}`, step.says));
    const ms = performance.now() - started;
    if (typeof got === 'string' || !same(got, step.replies)) {
      tally.errors++;
      if (tally.samples.length < 5)
        tally.samples.push(`turn ${i + 1}: ${typeof got === 'string' ? got : JSON.stringify(got)}`);
      return;
    }
    tally.turns++;
    tally.latencies.push(ms);
  }
}

/** Plays `conversations` conversations against `url`, `concurrency` at a time; user ids start with `tag`. */
export async function runLoad(
  url: string,
  conversations: number,
  concurrency: number,
  tag: string,
): Promise<LoadResult> {
  const tally: Tally = { turns: 0, errors: 0, latencies: [], samples: [] };
  let next = 0;
  const customer = async () => {
    for (let i = next++; i < conversations; i = next++) await conversation(url, `${tag}-${i}`, tally);
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, conversations) }, customer));
  return { ...tally, seconds: (performance.now() - started) / 1000 };
}
