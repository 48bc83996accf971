import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findValues, rawFiles } from '../helpers/raw-files.ts';
import { startServer, turn, type ServerProcess } from '../helpers/server-process.ts';
import { withoutLoggerNumbers } from '../helpers/log-text.ts';

const dpo = 'dpo:dpo-token-0123456789';
const marketer = 'marketer:mkt-token-0123456789';
const dataDir = mkdtempSync(join(tmpdir(), 'justask-it-'));
const env = { DATA_DIR: dataDir, ADMIN_TOKENS: `${dpo},${marketer}`, MONGODB_URI: '' };
let server: ServerProcess;

beforeAll(async () => {
  server = await startServer(env);
});
afterAll(() => server?.stop());

const post = (body: string, type = 'application/json') =>
  fetch(`${server.url}/api/messages`, { method: 'POST', headers: { 'content-type': type }, body });

describe('the real server', () => {
  it('asks for the mobile at the SMS step, stores it, and after a restart does not ask again', async () => {
    expect((await turn(server.url, 'deliver my order'))[0]?.text).toBe(
      'When would you like your order delivered?',
    );
    const [ask] = await turn(server.url, 'Morning');
    expect(ask?.channelData).toEqual({
      justask: {
        kind: 'ask',
        journey: 'order-delivery',
        step: 'sms-confirm',
        item: 'mobile',
        purpose: 'delivery-sms',
        required: false,
      },
    });
    expect((await turn(server.url, '123'))[0]?.text).toContain("doesn't look like a valid phone number");
    expect((await turn(server.url, '07911 123456'))[0]?.text).toContain(
      "I've saved your mobile number (•••• 456)",
    );

    expect(await server.stop()).toBe(0);
    server = await startServer(env);
    await turn(server.url, 'deliver my order');
    const replies = await turn(server.url, 'Evening');
    expect(replies.map((r) => r.text)).toEqual([
      "I'll use the mobile number you gave us before (•••• 456).",
      "Your delivery is booked: we'll bring your order in the evening. We'll text •••• 456 on the day.",
    ]);
  });

  it('holds no plaintext phone number in any file of DATA_DIR, bot state included', () => {
    const files = rawFiles(dataDir).map((f) => f.file);
    expect(files).toEqual(expect.arrayContaining(['justask.db', 'justask.db-wal', 'justask.db-shm']));
    expect(findValues(rawFiles(dataDir), ['+447911123456', '07911 123456', '7911123456'])).toEqual([]);
  });

  it('shows a DPO the subject’s items, grants and ledger; refuses others', async () => {
    const url = `${server.url}/admin/api/subjects/webchat/ann`;
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: 'Bearer wrong-token-123456789' } })).status).toBe(
      401,
    );
    expect((await fetch(url, { headers: { authorization: 'Bearer mkt-token-0123456789' } })).status).toBe(
      403,
    );
    const res = await fetch(url, { headers: { authorization: 'Bearer dpo-token-0123456789' } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      subject: string;
      items: { item: string; value: string; grants: { purpose: string }[] }[];
      ledger: { event: string }[];
    };
    expect(body.subject).toMatch(/^s_[0-9a-f]{40}$/);
    expect(body.items).toMatchObject([
      { item: 'mobile', value: '•••• 456', grants: [{ purpose: 'delivery-sms' }] },
    ]);
    expect(body.ledger.map((r) => r.event)).toEqual(['asked', 'granted']);
  });

  it('lets a DPO erase a subject, its consent history with it', async () => {
    const url = `${server.url}/admin/api/subjects/webchat/ann`;
    expect(
      (await fetch(url, { method: 'DELETE', headers: { authorization: 'Bearer mkt-token-0123456789' } }))
        .status,
    ).toBe(403);
    const res = await fetch(url, {
      method: 'DELETE',
      headers: { authorization: 'Bearer dpo-token-0123456789' },
    });
    expect(await res.json()).toEqual({ erased: 1 });
    const after = (await (
      await fetch(url, { headers: { authorization: 'Bearer dpo-token-0123456789' } })
    ).json()) as {
      items: unknown[];
      ledger: { event: string; item: string; purpose: string }[];
    };
    expect(after.items).toEqual([]);
    expect(after.ledger).toEqual([]);
    expect((await turn(server.url, 'deliver my order'))[0]?.text).toBe(
      'When would you like your order delivered?',
    );
    expect((await turn(server.url, 'Morning'))[0]?.channelData).toMatchObject({
      justask: { kind: 'ask', item: 'mobile' },
    });
  });

  it.each([
    ['bad JSON', () => post('{"type": "message",'), 400],
    [
      'a missing activity type',
      () =>
        post(
          JSON.stringify({ channelId: 'x', serviceUrl: 'x', from: { id: 'a' }, conversation: { id: 'c' } }),
        ),
      400,
    ],
    [
      'a mistyped field',
      () =>
        post(
          JSON.stringify({
            type: 'message',
            text: 42,
            channelId: 'x',
            serviceUrl: 'x',
            from: { id: 'a' },
            conversation: { id: 'c' },
          }),
        ),
      400,
    ],
    ['an array body', () => post('[1,2]'), 400],
    ['an oversized body', () => post(JSON.stringify({ type: 'message', text: 'x'.repeat(400_000) })), 413],
    ['a form body', () => post('a=b', 'application/x-www-form-urlencoded'), 415],
    ['an unknown content type', () => post('hello', 'text/plain'), 415],
  ])('answers %s with a 4xx and a reason, and keeps serving', async (_name, send, status) => {
    const res = await send();
    expect(res.status).toBe(status);
    expect((await res.text()).length).toBeGreaterThan(0);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('reports health, readiness and metrics', async () => {
    expect(await (await fetch(`${server.url}/readyz`)).json()).toEqual({ status: 'ready', store: 'sqlite' });
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toContain('justask_turn_seconds_count');
  });

  it('never logs a value the customer typed', () => {
    const output = withoutLoggerNumbers(server.output());
    expect(output).not.toContain('07911');
    expect(output).not.toContain('123456');
  });
});
