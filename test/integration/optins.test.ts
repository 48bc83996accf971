/**
 * Opt-in analytics end to end on the real app: a scripted set of conversations over
 * /api/messages; the store must hold the counts the script implies, and the report must publish
 * them protected — each figure the cell-key perturbation of its cell (the app's SUBJECT_KEY is
 * fixed, so the test works the published figures out from the store's counters), stable across
 * repeats and routes, with the issue-16 subtraction attack on the one German customer replayed.
 * Runs on SQLite, and on MongoDB when MONGODB_URI is set.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dayOf,
  optinCsv,
  PROTECTION,
  type CountRow,
  type Dimension,
  type OptinRow,
} from '../../src/analytics/index.ts';
import { startOptinApp } from '../helpers/optin-app.ts';
import { EXPECTED, playScript } from '../helpers/optin-script.ts';

let t: Awaited<ReturnType<typeof startOptinApp>>;
const from = dayOf(new Date(Date.now() - 86_400_000));
const to = dayOf(new Date(Date.now() + 86_400_000));
const range = `from=${from}&to=${to}`;

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
  minAsks: number;
  protection: typeof PROTECTION;
}
const report = async (query: string, role: 'marketer' | 'dpo' = 'marketer') => {
  const res = await t.get(`/admin/api/optins?${range}&${query}`, role);
  expect(res.status).toBe(200);
  return (await res.json()) as Report;
};
const pick = (r: { rows: OptinRow[] }, group: Record<string, string>) =>
  r.rows.find((row) => Object.entries(group).every(([k, v]) => row.group[k as keyof typeof row.group] === v));
const shown = (row: OptinRow | undefined) => ({
  asks: row?.asks,
  granted: row?.counts.granted,
  declined: row?.counts.declined,
  why: row?.counts.why,
  abandoned: row?.counts.abandoned,
});
/** What the server must publish for a grouping and filters (from the store's counters). */
const published = (groupBy: Dimension[], filters: Partial<Record<Dimension, string[]>> = {}) =>
  t.published({ from, to, groupBy, filters });
const tables = (r: { rows: OptinRow[]; total: OptinRow }) => ({ rows: r.rows, total: r.total });
/** The store's true counts per group: type → n. */
const truth = async (groupBy: Dimension[], group: Record<string, string>) => {
  const rows = await t.truth({ from, to, groupBy, filters: {} });
  const mine = rows.filter((r: CountRow) =>
    Object.entries(group).every(([k, v]) => r.group[k as Dimension] === v),
  );
  const n = (type: string) => mine.filter((r) => r.type === type).reduce((s, r) => s + r.n, 0);
  return {
    asks: n('asked') + n('asked-reuse'),
    granted: n('granted'),
    declined: n('declined'),
    why: n('why'),
    abandoned: n('abandoned'),
  };
};

describe('opt-in counts after scripted conversations', () => {
  it('stores the asks, grants, declines, whys and abandoned asks the script implies', async () => {
    expect(await truth(['item', 'purpose'], { item: 'mobile', purpose: 'delivery-sms' })).toEqual(
      EXPECTED.mobile,
    );
    expect(await truth(['item', 'purpose'], { item: 'email', purpose: 'delivery-email' })).toEqual(
      EXPECTED.email,
    );
    for (const lng of ['en', 'nl', 'de'] as const) {
      expect(await truth(['locale', 'item'], { locale: lng, item: 'mobile' })).toEqual(
        EXPECTED.byLocale[lng].mobile,
      );
      expect((await truth(['locale', 'item'], { locale: lng, item: 'email' })).asks).toBe(
        EXPECTED.byLocale[lng].email.asks,
      );
    }
  });
});

describe('the published opt-in report', () => {
  it('publishes every figure through the cell keys: near the truth, never the truth throughout', async () => {
    const r = await report('groupBy=item,purpose');
    expect({ rows: r.rows, total: r.total }).toEqual(tables(await published(['item', 'purpose'])));
    expect(r.protection).toEqual(PROTECTION);
    const mobile = pick(r, { item: 'mobile', purpose: 'delivery-sms' });
    const m = shown(mobile) as Record<string, number>;
    for (const [k, v] of Object.entries(EXPECTED.mobile)) {
      expect(Math.abs(m[k]! - v), k).toBeLessThanOrEqual((v as number) === 3 ? 3 : 2);
      expect([1, 2], k).not.toContain(m[k]);
    }
    expect(mobile?.rates.optInRate).toBe(
      Math.min(1, (m.granted! + (mobile?.counts.reused as number)) / m.asks!),
    );
    expect(r.rows).toHaveLength(2);
    // Some of the dozen figures differ from the truth (all equal by chance: far less than one in a million).
    const all = await Promise.all(
      (['en', 'nl'] as const).map(async (lng) => ({
        shown: shown(pick(await report(`groupBy=locale,item`), { locale: lng, item: 'mobile' })),
        truth: EXPECTED.byLocale[lng].mobile,
      })),
    );
    expect([m, ...all.map((x) => x.shown)]).not.toEqual([EXPECTED.mobile, ...all.map((x) => x.truth)]);
  });

  it('splits by language and filters by it, hiding groups of fewer than 5 published asks', async () => {
    const r = await report('groupBy=locale,item');
    expect({ rows: r.rows, total: r.total }).toEqual(tables(await published(['locale', 'item'])));
    for (const row of r.rows) expect(row.hidden).toBe(typeof row.asks === 'string');
    for (const row of r.rows.filter((x) => !x.hidden)) expect(row.asks).toBeGreaterThanOrEqual(r.minAsks);
    expect(pick(r, { locale: 'de', item: 'mobile' })).toMatchObject({
      hidden: true,
      asks: '<5',
      rates: { optInRate: null },
    });
    expect(pick(r, { locale: 'en', item: 'mobile' })?.hidden).toBe(false);
    const nl = await report('groupBy=item&locale=nl');
    expect({ rows: nl.rows, total: nl.total }).toEqual(tables(await published(['item'], { locale: ['nl'] })));
    expect(nl.rows.map((row) => row.group.item)).toEqual(['email', 'mobile']);
  });

  it('reports per journey step and per channel, and for the DPO too', async () => {
    const r = await report('groupBy=journey,step,channel', 'dpo');
    expect({ rows: r.rows, total: r.total }).toEqual(tables(await published(['journey', 'step', 'channel'])));
    expect(r.rows.map((row) => [row.group.journey, row.group.step, row.group.channel])).toEqual([
      ['order-delivery', 'email-confirm', 'webchat'],
      ['order-delivery', 'sms-confirm', 'webchat'],
    ]);
  });

  it('serves the same figures as CSV, with "<5" in hidden cells', async () => {
    const res = await t.get(`/admin/api/optins.csv?${range}&groupBy=locale,item`, 'marketer');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="optins-.*\.csv"$/);
    const text = await res.text();
    expect(text).toBe(optinCsv(await published(['locale', 'item'])));
    const lines = text.trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^locale,item,asks,asked,asked-reuse,granted,/);
    expect(lines.find((l) => l.startsWith('de,mobile,'))).toMatch(/^de,mobile,(<5,)+<5$/);
    expect(lines.at(-1)).toMatch(/^total,,\d+,/);
  });
});

describe('the subtraction attack of issue 16 on the real server', () => {
  const answers = (r: OptinRow | undefined) => [
    r?.asks,
    r?.counts.granted,
    r?.counts.declined,
    r?.counts.why,
  ];

  it('hides the German customer and gives the same figures on every repeat and by every route', async () => {
    const byLocale = await report('groupBy=locale&item=mobile');
    expect(pick(byLocale, { locale: 'de' })?.hidden).toBe(true);
    expect(await report('groupBy=locale&item=mobile')).toEqual(byLocale);
    // The same rows reached by a filter, a wider range or another grouping: the same published total.
    const routes = await Promise.all([
      report('groupBy=&item=mobile'),
      report('groupBy=channel&item=mobile&locale=en,nl,de'),
      t
        .get(`/admin/api/optins?from=2020-01-01&to=${to}&groupBy=step&item=mobile`, 'marketer')
        .then(async (res) => (await res.json()) as Report),
    ]);
    for (const r of routes) expect(r.total).toEqual(byLocale.total);
  });

  it('leaves total − English − Dutch as the published cells’ difference, not the German answers by construction', async () => {
    const r = await report('groupBy=locale&item=mobile');
    const [total, en, nl] = [r.total, pick(r, { locale: 'en' }), pick(r, { locale: 'nl' })].map(answers);
    const diff = total!.map((x, i) => (x as number) - (en![i] as number) - (nl![i] as number));
    const p = await published(['locale'], { item: ['mobile'] });
    const expected = answers(p.total).map(
      (x, i) =>
        (x as number) -
        (answers(pick(p, { locale: 'en' }))[i] as number) -
        (answers(pick(p, { locale: 'nl' }))[i] as number),
    );
    expect(diff).toEqual(expected);
    const german = EXPECTED.byLocale.de.mobile;
    console.log(
      `subtraction attack: total − en − nl = ${JSON.stringify(diff)}; the German answers were ` +
        JSON.stringify([german.asks, german.granted, german.declined, german.why]),
    );
    // Each published figure is its cell's own: a visible count is never 1 or 2.
    for (const row of [...r.rows, r.total].filter((x) => !x.hidden))
      for (const v of [row.asks, ...Object.values(row.counts)]) expect([1, 2]).not.toContain(v);
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
    const body = (await res.json()) as { error: string; issues: { path: string; message: string }[] };
    expect(body.error).toBe('invalid query');
    expect(Object.keys(body.issues[0] ?? {}).sort()).toEqual(['message', 'path']);
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
