/**
 * Erased means gone from every raw file: the real server, real conversations, then the raw bytes
 * of every file in DATA_DIR (SQLite) or every document of every collection (MongoDB). Also: the
 * logs name no raw channel user id or conversation id.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipOrFailWithoutServer } from '../helpers/needs-server.ts';
import { findValues, rawFiles } from '../helpers/raw-files.ts';
import { startServer, type ServerProcess } from '../helpers/server-process.ts';

const DPO = 'dpo-token-0123456789';
/** Channel user ids as SMS / WhatsApp channels send them: phone numbers. */
const ANN = '+447700900461';
const CAT = '+447700900462';
const BOB = '+447700900463';
const VALUES = [
  '+447911123456',
  '07911 123456',
  '7911123456',
  'ann.smith@example.org',
  'cat.jones@example.org',
];
const RAW_IDS = ['447700900461', '447700900462', 'conv-sms-'];

type Raw = () => Promise<{ file: string; text: string }[]>;
type Activity = { text?: string; attachments?: unknown[] };

let seq = 0;
async function say(url: string, user: string, conv: string, text: string): Promise<Activity[]> {
  const res = await fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      type: 'message',
      id: `er-${process.pid}-${++seq}`,
      channelId: 'sms',
      serviceUrl: 'http://localhost:1',
      from: { id: user },
      recipient: { id: 'bot' },
      conversation: { id: `conv-sms-${conv}` },
      locale: 'en-GB',
      text,
      deliveryMode: 'expectReplies',
    }),
  });
  if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { activities: Activity[] }).activities;
}

function erasureSuite(
  name: string,
  env: () => Record<string, string>,
  raw: Raw,
  stateDocs: () => Promise<number>,
) {
  describe(`erasure on ${name}, through the real server`, () => {
    let server: ServerProcess;
    beforeAll(async () => {
      server = await startServer({ ...env(), ADMIN_TOKENS: `dpo:${DPO}`, LOG_LEVEL: 'debug' });
    });
    afterAll(() => server?.stop());

    /** A customer's mobile (one conversation) and e-mail (another). */
    async function customer(user: string, email: string) {
      await say(server.url, user, `${user}-1`, 'deliver my order');
      await say(server.url, user, `${user}-1`, 'Morning');
      await say(server.url, user, `${user}-1`, '07911 123456');
      await say(server.url, user, `${user}-2`, 'send me the newsletter');
      expect((await say(server.url, user, `${user}-2`, email))[0]?.text).toContain('saved your email');
    }

    it('keeps no value anywhere after “send me my data”, whose answer carries them', async () => {
      await customer(ANN, 'ann.smith@example.org');
      const [reply] = await say(server.url, ANN, `${ANN}-1`, 'send me my data');
      expect(reply?.attachments).toHaveLength(1);
      expect(JSON.stringify(reply)).not.toContain('ann.smith@example.org');
      expect(findValues(await raw(), VALUES)).toEqual([]);
      // Nor a raw channel user id or conversation id: state keys are pseudonymous, references sealed.
      expect(findValues(await raw(), RAW_IDS)).toEqual([]);
    });

    it('“forget me” in one conversation deletes the state of all of them; no value left in any file', async () => {
      await say(server.url, BOB, 'bob', 'deliver my order');
      const before = await stateDocs();
      await say(server.url, ANN, `${ANN}-3`, 'forget me');
      expect(await say(server.url, ANN, `${ANN}-3`, 'Yes, delete')).toMatchObject([
        {
          text: "Done: we've deleted everything we held about you, including our record of what we asked you and what you answered. We keep only a note that you had your data deleted.",
        },
      ]);
      expect(await stateDocs()).toBe(before - 2);
      expect(findValues(await raw(), VALUES)).toEqual([]);
    });

    it('a DPO’s erasure deletes every conversation’s state; no value left in any file', async () => {
      await customer(CAT, 'cat.jones@example.org');
      const before = await stateDocs();
      const res = await fetch(`${server.url}/admin/api/subjects/sms/${encodeURIComponent(CAT)}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${DPO}` },
      });
      expect(await res.json()).toEqual({ erased: 2 });
      expect(await stateDocs()).toBe(before - 2);
      expect(findValues(await raw(), VALUES)).toEqual([]);
      expect(await stateDocs()).toBeGreaterThan(0);
    });

    it('logs pseudonymous ids only, never a channel user id or conversation id', () => {
      expect(server.output()).toContain('"subject":"s_');
      expect(findValues([{ file: 'log', text: server.output() }], RAW_IDS)).toEqual([]);
    });
  });
}

const dataDir = mkdtempSync(join(tmpdir(), 'justask-erase-'));
erasureSuite(
  'SQLite',
  () => ({ DATA_DIR: dataDir, MONGODB_URI: '' }),
  () => Promise.resolve(rawFiles(dataDir)),
  async () => {
    // Counted from the raw database: the state table's rows, read without the store.
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(join(dataDir, 'justask.db'), { readonly: true });
    try {
      return (db.prepare('SELECT count(*) AS n FROM bot_state').get() as { n: number }).n;
    } finally {
      db.close();
    }
  },
);

const uri = process.env.MONGODB_URI;
if (uri) {
  const dbName = `justask_erase_${process.pid}_${Date.now().toString(36)}`;
  const client = new MongoClient(uri);
  afterAll(async () => {
    await client.db(dbName).dropDatabase();
    await client.close();
  });
  erasureSuite(
    'MongoDB',
    () => ({
      MONGODB_URI: uri,
      MONGODB_DB: dbName,
      DATA_KEY: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
      SUBJECT_KEY: Buffer.alloc(32, 2).toString('base64'),
    }),
    async () => {
      const db = client.db(dbName);
      const out = [];
      for (const c of await db.listCollections().toArray())
        out.push({ file: c.name, text: JSON.stringify(await db.collection(c.name).find().toArray()) });
      return out;
    },
    () => client.db(dbName).collection('bot_state').countDocuments(),
  );
} else {
  skipOrFailWithoutServer(
    'erasure on MongoDB',
    'MONGODB_URI is not set (scripts/ferretdb.sh start prints one)',
  );
}
