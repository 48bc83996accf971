/**
 * Opt-in analytics end to end on the real app: a scripted set of conversations over
 * /api/messages, then the report's numbers must equal the counts the script implies.
 * Runs on SQLite, and on MongoDB when MONGODB_URI is set.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayOf, type OptinRow } from '../../src/analytics/index.ts';
import { startOptinApp } from '../helpers/optin-app.ts';
import { EXPECTED, playScript } from '../helpers/optin-script.ts';

let t: Awaited<ReturnType<typeof startOptinApp>>;
const range = `from=${dayOf(new Date(Date.now() - 86_400_000))}&to=${dayOf(new Date(Date.now() + 86_400_000))}`;

beforeAll(async () => {
  t = await startOptinApp();
  await playScript(t.url);
  expect(await t.sweepAbandoned(10)).toBe(0);
  expect(await t.sweepAbandoned(31)).toBe(1);
}, 120_000);
afterAll(() => t?.close());

interface Report {
  rows: OptinRow[];
  total: OptinRow;
}
const report = async (query: string, role: 'marketer' | 'dpo' = 'marketer') => {
  const res = await t.get(`/admin/api/optins?${range}&${query}`, role);
  expect(res.status).toBe(200);
  return (await res.json()) as Report;
};
const pick = (r: Report, group: Record<string, string>) =>
  r.rows.find((row) => Object.entries(group).every(([k, v]) => row.group[k as keyof typeof row.group] === v));
const shown = (row: OptinRow | undefined) => ({
  asks: row?.asks,
  granted: row?.counts.granted,
  declined: row?.counts.declined,
  why: row?.counts.why,
  abandoned: row?.counts.abandoned,
});

describe('opt-in report after scripted conversations', () => {
  it('counts asks, grants, declines, whys and abandoned asks per item and purpose', async () => {
    const r = await report('groupBy=item,purpose');
    const mobile = pick(r, { item: 'mobile', purpose: 'delivery-sms' });
    expect(shown(mobile)).toEqual(EXPECTED.mobile);
    expect(mobile?.rates).toEqual({
      optInRate: 9 / 16,
      declineRate: 6 / 16,
      whyRate: 5 / 16,
      abandonRate: 1 / 16,
    });
    expect(shown(pick(r, { item: 'email', purpose: 'delivery-email' }))).toEqual(EXPECTED.email);
    expect(r.total.asks).toBe(22);
    expect(r.rows).toHaveLength(2);
  });

  it('splits by language and filters by it, suppressing groups of fewer than 5 asks', async () => {
    const r = await report('groupBy=locale,item');
    for (const lng of ['en', 'nl'] as const) {
      expect(shown(pick(r, { locale: lng, item: 'mobile' }))).toEqual(EXPECTED.byLocale[lng].mobile);
      const email = pick(r, { locale: lng, item: 'email' });
      expect(email).toMatchObject({ hidden: true, asks: '<5', rates: { optInRate: null } });
    }
    const nl = await report('groupBy=item&locale=nl');
    expect(nl.rows.map((row) => row.group.item)).toEqual(['email', 'mobile']);
    expect(nl.total.asks).toBe(9);
  });

  it('reports per journey step and per channel, and for the DPO too', async () => {
    const r = await report('groupBy=journey,step,channel', 'dpo');
    expect(r.rows.map((row) => [row.group.journey, row.group.step, row.group.channel, row.asks])).toEqual([
      ['order-delivery', 'email-confirm', 'webchat', 6],
      ['order-delivery', 'sms-confirm', 'webchat', 16],
    ]);
  });

  it('serves the same figures as CSV, with "<5" in suppressed cells', async () => {
    const res = await t.get(`/admin/api/optins.csv?${range}&groupBy=locale,item`, 'marketer');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="optins-.*\.csv"$/);
    const lines = (await res.text()).trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^locale,item,asks,asked,asked-reuse,granted,/);
    expect(lines).toContain(`en,email,${Array(20).fill('<5').join(',')}`);
    expect(lines.find((l) => l.startsWith('nl,mobile,'))).toBe(
      'nl,mobile,6,6,0,3,0,3,0,3,0,0,0,0,0,0,0,0,0.5000,0.5000,0.5000,0.0000',
    );
    expect(lines.at(-1)).toMatch(/^total,,22,/);
  });
});

describe('opt-in report access', () => {
  it('needs a marketer or DPO token', async () => {
    expect((await t.get(`/admin/api/optins?${range}`)).status).toBe(401);
    expect((await t.get(`/admin/api/optins.csv?${range}`, 'designer')).status).toBe(403);
  });

  it('keeps marketers away from subject data', async () => {
    expect((await t.get('/admin/api/subjects/webchat/ann', 'marketer')).status).toBe(403);
  });

  it('answers a bad query with 400 and the issues', async () => {
    const res = await t.get('/admin/api/optins?from=2026-13-01&groupBy=item,subject&who=me', 'marketer');
    expect(res.status).toBe(400);
    const body = (await res.json()) as { issues: { path: string }[] };
    expect(body.issues.map((i) => i.path).sort()).toEqual(['', 'from', 'groupBy.1']);
  });

  it('gives marketers, designers and the DPO the map structure to draw', async () => {
    for (const role of ['marketer', 'designer', 'dpo'] as const) {
      expect((await t.get('/admin/api/dialogue-map', role)).status).toBe(200);
    }
    const map = (await (await t.get('/admin/api/dialogue-map', 'designer')).json()) as {
      journeys: {
        id: string;
        start: string;
        steps: { id: string; needs: { item: string }[] }[];
        edges: unknown[];
      }[];
    };
    const delivery = map.journeys.find((j) => j.id === 'order-delivery');
    expect(delivery?.start).toBe('slot');
    expect(delivery?.steps.find((s) => s.id === 'sms-confirm')?.needs.map((n) => n.item)).toEqual(['mobile']);
    expect(delivery?.edges).toContainEqual({
      from: 'sms-confirm',
      to: 'email-confirm',
      label: 'declined',
      declined: true,
    });
    expect((await t.get('/admin/api/dialogue-map')).status).toBe(401);
  });

  it('serves the dashboard page and its libraries from the bot itself, nothing else under /admin', async () => {
    for (const path of ['/admin', '/admin/']) {
      const res = await t.get(path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(await res.text()).toContain('/admin/vendor/chart.umd.min.js');
    }
    for (const lib of ['chart.umd.min.js', 'cytoscape.min.js', 'cytoscape-dagre.min.js']) {
      const res = await t.get(`/admin/vendor/${lib}`);
      expect([lib, res.status, res.headers.get('content-type')]).toEqual([
        lib,
        200,
        'text/javascript; charset=utf-8',
      ]);
    }
    for (const path of ['/admin/nope.js', '/admin/vendor/jquery.js', '/admin/%2e%2e%2fpackage.json'])
      expect((await t.get(path)).status).toBe(404);
  });
});
