/**
 * Accountability on the real app (createApp + listen, SQLite in a temp folder): the DPO view stays
 * masked, a reveal needs a reason and is audited, erasures (DPO and customer) are audited, the
 * audit log is for the DPO only, and its raw rows hold no value, raw user id or token.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/app/config.ts';
import { createApp, type App } from '../../src/app/create-app.ts';
import { turn } from '../helpers/server-process.ts';

const TOKENS = {
  dpo: 'dpo-token-0123456789',
  dpo2: 'dpo-second-token-0123456789',
  marketer: 'mkt-token-0123456789',
  designer: 'des-token-0123456789',
} as const;
type Who = keyof typeof TOKENS;
const fingerprint = (who: Who) => createHash('sha256').update(TOKENS[who]).digest('hex').slice(0, 8);
const PHONE = '7911123456';
const ann = `ann-${process.pid}`;
const bob = `bob-${process.pid}`;

const dir = mkdtempSync(join(tmpdir(), 'justask-audit-'));
let app: App;
let url: string;

const call = (path: string, who?: Who, init: RequestInit & { json?: unknown } = {}) => {
  const headers: Record<string, string> = who ? { authorization: `Bearer ${TOKENS[who]}` } : {};
  if (init.json !== undefined) headers['content-type'] = 'application/json';
  return fetch(`${url}${path}`, {
    ...init,
    headers,
    ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : {}),
  });
};
const subjectPath = (user: string) => `/admin/api/subjects/webchat/${encodeURIComponent(user)}`;
const reveal = (user: string, who: Who | undefined, json?: unknown) =>
  call(`${subjectPath(user)}/reveal`, who, { method: 'POST', ...(json !== undefined ? { json } : {}) });

interface Entry {
  id: string;
  at: string;
  actor: string;
  action: string;
  subject?: string;
  channel?: string;
  reason?: string;
  detail?: Record<string, string | number>;
}
const auditLog = async (query: string) => {
  const res = await call(`/admin/api/audit?${query}`, 'dpo');
  expect(res.status).toBe(200);
  return ((await res.json()) as { entries: Entry[] }).entries;
};

/** Gives the customer's mobile number through the delivery journey. */
async function giveMobile(user: string) {
  await turn(url, 'deliver my order', { user });
  await turn(url, 'Morning', { user });
  expect((await turn(url, '07911 123456', { user }))[0]?.text).toContain("I've saved your mobile number");
}

beforeAll(async () => {
  const cfg = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dir,
    GIVEBACK_EVERY_MINUTES: '0',
    ADMIN_TOKENS: `dpo:${TOKENS.dpo},dpo:${TOKENS.dpo2},marketer:${TOKENS.marketer},designer:${TOKENS.designer}`,
  });
  app = await createApp(cfg, { log: pino({ level: 'silent' }) });
  url = `http://127.0.0.1:${(await app.listen()).port}`;
  await giveMobile(ann);
}, 60_000);
afterAll(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the DPO subject view', () => {
  it('stays masked, and its read is audited under the pseudonymous subject', async () => {
    const res = await call(subjectPath(ann), 'dpo');
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain(PHONE);
    const body = JSON.parse(text) as { subject: string; items: { value: string }[] };
    expect(body.items.map((i) => i.value)).toEqual(['•••• 456']);
    const reads = await auditLog('action=subject.read');
    expect(reads[0]).toMatchObject({ actor: `dpo:${fingerprint('dpo')}`, subject: body.subject });
  });
});

describe('revealing a subject’s values for an access request', () => {
  it.each([
    ['no body', undefined],
    ['no reason', {}],
    ['an empty reason', { reason: '  ' }],
    ['a reason that is not text', { reason: 42 }],
    ['a reason holding a phone number', { reason: 'caller 07911 123456 asked' }],
    ['a reason holding an e-mail address', { reason: 'asked by ann@example.org' }],
    ['an unknown field', { reason: 'access request #123', reveal: 'all' }],
  ])('refuses %s with 400 and reveals nothing', async (_name, json) => {
    const res = await reveal(ann, 'dpo', json);
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).not.toContain(PHONE);
    expect((JSON.parse(text) as { issues: unknown[] }).issues.length).toBeGreaterThan(0);
  });

  it('is for the DPO only', async () => {
    const json = { reason: 'access request #123' };
    expect((await reveal(ann, undefined, json)).status).toBe(401);
    expect((await reveal(ann, 'marketer', json)).status).toBe(403);
    expect((await reveal(ann, 'designer', json)).status).toBe(403);
    expect(await auditLog('action=subject.reveal')).toEqual([]);
  });

  it('shows the values in clear and records who, when, which subject and why', async () => {
    const before = Date.now();
    const res = await reveal(ann, 'dpo2', { reason: 'access request #123' });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as {
      subject: string;
      items: { item: string; value: string }[];
      revealed: { audit: string };
    };
    expect(body.items).toMatchObject([{ item: 'mobile', value: expect.stringContaining(PHONE) as string }]);
    const [entry, ...rest] = await auditLog('action=subject.reveal');
    expect(rest).toEqual([]);
    expect(entry).toEqual({
      id: body.revealed.audit,
      at: expect.any(String) as string,
      actor: `dpo:${fingerprint('dpo2')}`,
      action: 'subject.reveal',
      subject: body.subject,
      channel: 'webchat',
      reason: 'access request #123',
    });
    expect(Date.parse(entry?.at ?? '')).toBeGreaterThanOrEqual(before - 1);
    expect(await auditLog(`actor=dpo:${fingerprint('dpo')}&action=subject.reveal`)).toEqual([]);
  });
});

describe('the audit log', () => {
  it('is for the DPO only', async () => {
    expect((await call('/admin/api/audit')).status).toBe(401);
    expect((await call('/admin/api/audit', 'marketer')).status).toBe(403);
    expect((await call('/admin/api/audit', 'designer')).status).toBe(403);
  });

  it.each([
    ['an unknown action', 'action=subject.peek', ['action']],
    ['a limit of 0', 'limit=0', ['limit']],
    ['a limit past the page size', 'limit=5000', ['limit']],
    ['a date that is not one', 'from=yesterday', ['from']],
    ['from after to', 'from=2026-12-02&to=2026-12-01', ['to']],
    ['an actor that is a token', `actor=dpo:${TOKENS.dpo}`, ['actor']],
    ['a forged cursor', 'cursor=abc', ['cursor']],
    ['an unknown parameter', 'who=me', ['']],
  ])('answers %s with 400 and the issue', async (_name, query, paths) => {
    const res = await call(`/admin/api/audit?${query}`, 'dpo');
    expect(res.status).toBe(400);
    const body = (await res.json()) as { issues: { path: string }[] };
    expect(body.issues.map((i) => i.path)).toEqual(paths);
  });

  it('pages newest first within a time range, and records its own reads', async () => {
    const from = new Date(Date.now() - 3_600_000).toISOString();
    const to = new Date(Date.now() + 3_600_000).toISOString();
    const first = await call(`/admin/api/audit?from=${from}&to=${to}&limit=2`, 'dpo');
    const page = (await first.json()) as { entries: Entry[]; next?: string };
    expect(page.entries).toHaveLength(2);
    expect(page.entries[0]?.action).toBe('audit.read');
    const next = (await (
      await call(`/admin/api/audit?from=${from}&to=${to}&limit=2&cursor=${page.next ?? ''}`, 'dpo')
    ).json()) as { entries: Entry[] };
    const ids = [...page.entries, ...next.entries].map((e) => e.id);
    expect(new Set(ids).size).toBe(4);
    const times = [...page.entries, ...next.entries].map((e) => Date.parse(e.at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(await auditLog('to=2000-01-01')).toEqual([]);
  });

  it('records the opt-in figures and dialogue map reads of marketers and designers', async () => {
    const day = new Date().toISOString().slice(0, 10);
    expect((await call(`/admin/api/optins?from=${day}&to=${day}`, 'marketer')).status).toBe(200);
    expect((await call('/admin/api/dialogue-map', 'designer')).status).toBe(200);
    expect((await call(`/admin/api/optins?from=${day}&to=${day}`, 'designer')).status).toBe(403);
    await expect
      .poll(async () => (await auditLog('action=optins.read')).map((e) => [e.actor, e.detail?.route]))
      .toEqual([[`marketer:${fingerprint('marketer')}`, '/admin/api/optins']]);
    await expect
      .poll(async () => (await auditLog('action=map.read')).map((e) => e.actor))
      .toEqual([`designer:${fingerprint('designer')}`]);
  });
});

describe('erasure', () => {
  it('by the DPO is recorded with how many items went', async () => {
    const masked = (await (await call(subjectPath(ann), 'dpo')).json()) as { subject: string };
    const res = await call(subjectPath(ann), 'dpo', { method: 'DELETE' });
    expect(await res.json()).toEqual({ erased: 1 });
    const [entry] = await auditLog('action=subject.erase');
    expect(entry).toMatchObject({
      actor: `dpo:${fingerprint('dpo')}`,
      subject: masked.subject,
      channel: 'webchat',
      detail: { items: 1 },
    });
  });

  it('by the customer (“forget me”) is recorded with the customer as actor', async () => {
    await giveMobile(bob);
    const { subject } = (await (await call(subjectPath(bob), 'dpo')).json()) as { subject: string };
    await turn(url, 'forget me', { user: bob });
    expect((await turn(url, 'Yes, delete', { user: bob }))[0]?.text).toBe(
      "Done: we've deleted everything we held about you, including our record of what we asked you and what you answered. We keep only a note that you had your data deleted.",
    );
    expect((await auditLog('actor=customer'))[0]).toMatchObject({
      action: 'subject.erase',
      subject,
      channel: 'webchat',
      detail: { items: 1 },
    });
  });
});

describe('the raw audit store', () => {
  it('holds no customer value, raw user id or admin token', () => {
    const db = new Database(join(dir, 'justask.db'), { readonly: true });
    try {
      const rows = db.prepare('SELECT * FROM audit_log').all();
      const raw = JSON.stringify(rows);
      expect(rows.length).toBeGreaterThanOrEqual(8);
      for (const secret of [PHONE, '07911', ann, bob, ...Object.values(TOKENS)])
        expect(raw).not.toContain(secret);
      const actions = new Set(rows.map((r) => (r as { action: string }).action));
      expect([...actions].sort()).toEqual([
        'audit.read',
        'map.read',
        'optins.read',
        'subject.erase',
        'subject.read',
        'subject.reveal',
      ]);
    } finally {
      db.close();
    }
  });
});
