/** Contract: the append-only audit log, newest first, filtered and paged by cursor. */
import { describe, expect, it } from 'vitest';
import type { AuditEntry, Store } from '../../src/storage/index.ts';
import { at, uid } from './fixtures.ts';

function entry(actor: string, when: Date, extra: Partial<AuditEntry> = {}): AuditEntry {
  return { id: uid('aud'), at: when, actor, action: 'subject.read', ...extra };
}

/** Every page of a query, following `next` to the end. */
async function allPages(s: Store, q: Parameters<Store['audit']['query']>[0]) {
  const pages: AuditEntry[][] = [];
  let cursor: string | undefined;
  do {
    const page = await s.audit.query({ ...q, ...(cursor ? { cursor } : {}) });
    pages.push(page.entries);
    cursor = page.next;
  } while (cursor && pages.length < 20);
  return pages;
}

export function auditContract(store: () => Store): void {
  describe('audit log', () => {
    it('reads an actor’s entries back newest first, with every field as appended', async () => {
      const actor = uid('dpo');
      const full = entry(actor, at(2), {
        action: 'subject.reveal',
        subject: 's_abc',
        channel: 'webchat',
        reason: 'access request #123',
        detail: { items: 2, route: '/admin/api/subjects' },
      });
      const older = entry(actor, at(1), { action: 'subject.erase', detail: { items: 0 } });
      expect(await store().audit.append(older)).toBe('appended');
      expect(await store().audit.append(full)).toBe('appended');
      await store().audit.append(entry(uid('dpo'), at(1)));
      expect(await store().audit.query({ actor, limit: 10 })).toStrictEqual({ entries: [full, older] });
    });

    it('does not add an entry whose id was seen before', async () => {
      const actor = uid('dpo');
      const first = entry(actor, at(0));
      expect(await store().audit.append(first)).toBe('appended');
      expect(await store().audit.append({ ...first, action: 'audit.read' })).toBe('duplicate');
      expect((await store().audit.query({ actor, limit: 10 })).entries).toStrictEqual([first]);
    });

    it('filters by time (from inclusive, to exclusive) and by action', async () => {
      const actor = uid('dpo');
      const [e0, e1, e2, e3] = [0, 1, 2, 3].map((m) =>
        entry(actor, at(m), { action: m % 2 ? 'subject.erase' : 'subject.read' }),
      );
      for (const e of [e2, e0, e3, e1]) if (e) await store().audit.append(e);
      const ids = async (q: Partial<Parameters<Store['audit']['query']>[0]>) =>
        (await store().audit.query({ actor, limit: 10, ...q })).entries.map((e) => e.id);
      expect(await ids({ from: at(1), to: at(3) })).toEqual([e2?.id, e1?.id]);
      expect(await ids({ action: 'subject.erase' })).toEqual([e3?.id, e1?.id]);
      expect(await ids({ action: 'subject.read', to: at(2) })).toEqual([e0?.id]);
    });

    it('pages by cursor through entries at the same instant without losing or repeating one', async () => {
      const actor = uid('dpo');
      const appended = [0, 0, 0, 1, 1, 2, 2, 2].map((m) => entry(actor, at(m)));
      for (const e of appended) await store().audit.append(e);
      const pages = await allPages(store(), { actor, limit: 3 });
      expect(pages.map((p) => p.length)).toEqual([3, 3, 2]);
      const seen = pages.flat();
      expect(new Set(seen.map((e) => e.id)).size).toBe(appended.length);
      const times = seen.map((e) => e.at.getTime());
      expect(times).toEqual([...times].sort((a, b) => b - a));
    });

    it('ends on a full last page without a cursor when nothing follows', async () => {
      const actor = uid('dpo');
      for (const m of [0, 1]) await store().audit.append(entry(actor, at(m)));
      const page = await store().audit.query({ actor, limit: 2 });
      expect(page.entries).toHaveLength(2);
      expect(page.next).toBeUndefined();
    });

    it('refuses a cursor it did not make', async () => {
      await expect(store().audit.query({ limit: 1, cursor: 'not-a-cursor' })).rejects.toBeInstanceOf(
        RangeError,
      );
    });
  });
}
