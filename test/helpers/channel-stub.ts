/**
 * A stand-in Bot Framework channel: a real HTTP server that receives what the bot sends
 * (proactive messages post to `<serviceUrl>/v3/conversations/<id>/activities`). It can be told
 * to refuse some conversations, as a channel does for a conversation that is gone.
 */
import { createServer, type Server } from 'node:http';

export interface ReceivedActivity {
  readonly path: string;
  readonly text?: string;
  readonly status: number;
}

export interface ChannelStub {
  readonly url: string;
  readonly received: ReceivedActivity[];
  /** Answers this status (e.g. 404) to posts whose path contains the string; `undefined` stops it. */
  fail(pathPart: string, status: number | undefined): void;
  close(): Promise<void>;
}

export async function startChannel(): Promise<ChannelStub> {
  const received: ReceivedActivity[] = [];
  const failing = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const path = req.url ?? '';
      const activity = (body ? JSON.parse(body) : {}) as { text?: string };
      const status = [...failing].find(([part]) => path.includes(part))?.[1] ?? 200;
      received.push({ path, status, ...(activity.text ? { text: activity.text } : {}) });
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(status === 200 ? '{"id":"1"}' : '{"error":{"code":"ConversationNotFound"}}');
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    fail(part, status) {
      if (status === undefined) failing.delete(part);
      else failing.set(part, status);
    },
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}
