/** The HTTP error sink logs the route, never the URL: admin URLs carry raw channel user ids. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetrics } from '../../../src/http/metrics.ts';
import { createAuditTrail } from '../../../src/http/audit-trail.ts';
import { createHttpServer } from '../../../src/http/server.ts';
import { randomIds, systemClock } from '../../../src/shared/clock.ts';
import { openSqliteStore } from '../../../src/storage/sqlite/index.ts';

const logged: object[] = [];
const store = openSqliteStore(':memory:');
const server = createHttpServer({
  store,
  metrics: createMetrics(),
  tokens: new Map([['dpo-token-0123456789', 'dpo']]),
  audit: createAuditTrail({ store: store.audit, clock: systemClock, ids: randomIds }),
  subjectOf: (channelId, userId) => `s_${channelId.length}${userId.length}`,
  messages: () => Promise.resolve({ status: 200 }),
  subjectReport: (channelId, userId) => {
    throw new Error(`no report for ${channelId}/${userId}`);
  },
  eraseSubject: () => {
    throw new Error('could not erase /v3/conversations/+447700900461/x');
  },
  log: { error: (obj) => void logged.push(obj) },
});
let url = '';
beforeAll(async () => {
  await new Promise<void>((ok) => {
    server.listen(0, '127.0.0.1', () => ok());
  });
  const { port } = server.address();
  url = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  await new Promise<void>((ok) => {
    server.close(() => ok());
  });
  await store.close();
});

describe('the HTTP error log', () => {
  it('names the route of a failed request, not its URL or ids', async () => {
    const headers = { authorization: 'Bearer dpo-token-0123456789' };
    const subject = `${url}/admin/api/subjects/whatsapp/${encodeURIComponent('+447700900461')}`;
    expect((await fetch(subject, { headers })).status).toBe(500);
    expect((await fetch(subject, { method: 'DELETE', headers })).status).toBe(500);
    expect(logged).toHaveLength(2);
    expect(logged[0]).toMatchObject({ route: '/admin/api/subjects/:channelId/:userId' });
    expect(JSON.stringify(logged)).not.toMatch(/447700900461/);
  });
});
