import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipOrFailWithoutServer } from '../helpers/needs-server.ts';
import { startServer, turn, type ServerProcess } from '../helpers/server-process.ts';

const uri = process.env.MONGODB_URI;

if (!uri) {
  skipOrFailWithoutServer(
    'MongoDB server tests',
    'MONGODB_URI is not set (scripts/ferretdb.sh start prints one)',
  );
} else {
  const db = `justask_it_${process.pid}_${Date.now()}`;
  const keys = {
    DATA_KEY: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
    SUBJECT_KEY: Buffer.alloc(32, 2).toString('base64'),
  };
  const env = { MONGODB_URI: uri, MONGODB_DB: db, ...keys };
  const servers: ServerProcess[] = [];
  const client = new MongoClient(uri);

  beforeAll(async () => {
    servers.push(await startServer(env), await startServer(env));
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await client.db(db).dropDatabase();
    await client.close();
  });

  describe('MongoDB as the store of several instances', () => {
    it('completes one conversation whose turns alternate between two instances', async () => {
      const [a, b] = servers as [ServerProcess, ServerProcess];
      expect((await turn(a.url, 'deliver my order', { user: 'zoe' }))[0]?.text).toBe(
        'When would you like your order delivered?',
      );
      expect((await turn(b.url, 'Evening', { user: 'zoe' }))[0]?.channelData).toMatchObject({
        justask: { item: 'mobile' },
      });
      expect((await turn(a.url, '12', { user: 'zoe' }))[0]?.text).toContain(
        "doesn't look like a valid phone number",
      );
      expect((await turn(b.url, '07911 123456', { user: 'zoe' })).map((r) => r.text)).toEqual([
        "Thanks, I've saved your mobile number (•••• 456) for text message confirmations of your deliveries.",
        "Your delivery is booked: we'll bring your order in the evening. We'll text •••• 456 on the day.",
      ]);
      expect((await turn(a.url, 'deliver my order', { user: 'zoe' }))[0]?.text).toBe(
        'When would you like your order delivered?',
      );
      expect((await turn(b.url, 'Morning', { user: 'zoe' }))[0]?.text).toBe(
        "I'll use the mobile number you gave us before (•••• 456).",
      );
    });

    it('keeps the data across a restart of both instances', async () => {
      await Promise.all(servers.splice(0).map((s) => s.stop()));
      servers.push(await startServer(env));
      const [c] = servers as [ServerProcess];
      await turn(c.url, 'deliver my order', { user: 'zoe' });
      expect((await turn(c.url, 'Afternoon', { user: 'zoe' }))[0]?.text).toBe(
        "I'll use the mobile number you gave us before (•••• 456).",
      );
      expect(await (await fetch(`${c.url}/readyz`)).json()).toEqual({ status: 'ready', store: 'mongodb' });
    });

    it('stores no plaintext phone number or user id in any MongoDB document', async () => {
      const collections = await client.db(db).listCollections().toArray();
      expect(collections.map((c) => c.name)).toContain('subject_items');
      for (const { name } of collections) {
        const docs = JSON.stringify(await client.db(db).collection(name).find().toArray());
        expect(docs, name).not.toContain('447911123456');
        expect(docs, name).not.toContain('07911');
      }
      const refs = JSON.stringify(await client.db(db).collection('conversation_refs').find().toArray());
      expect(refs).not.toContain('zoe');
    });
  });
}
