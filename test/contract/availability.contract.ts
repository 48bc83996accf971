/** Contract: a reachable store answers a ping; an unreachable one fails every operation with a typed error. */
import { describe, expect, it } from 'vitest';
import { StoreUnavailableError, type Store } from '../../src/storage/index.ts';
import { at, grant, heldItem, ledgerRecord } from './fixtures.ts';

/** One call of every port operation. */
const everyOperation = (s: Store): Record<string, () => Promise<unknown>> => ({
  ping: () => s.ping(),
  'items.forSubject': () => s.items.forSubject('s'),
  'items.put': () => s.items.put(heldItem('s'), grant('p')),
  'items.addGrant': () => s.items.addGrant('s', 'mobile', grant('p')),
  'items.touch': () => s.items.touch('s', 'mobile', 'p', at(1)),
  'items.delete': () => s.items.delete('s', 'mobile'),
  'items.removeGrant': () => s.items.removeGrant('s', 'mobile', 'p'),
  'items.deleteSubject': () => s.items.deleteSubject('s'),
  'items.due': () => s.items.due(at(0), 10),
  'items.setDueAt': () => s.items.setDueAt('s', 'mobile', at(0)),
  'items.scan': () => s.items.scan(undefined, 10),
  'items.setValue': () => s.items.setValue('s', 'mobile', { kid: 'k', iv: 'i', ct: 'c', tag: 't' }),
  'ledger.append': () => s.ledger.append(ledgerRecord('s', at(0))),
  'ledger.forSubject': () => s.ledger.forSubject('s'),
  'ledger.subjectsBefore': () => s.ledger.subjectsBefore(at(0), undefined, 10),
  'ledger.deleteBefore': () => s.ledger.deleteBefore('s', at(0), []),
  'refs.save': () => s.refs.save('s', { a: 1 }, at(0)),
  'refs.get': () => s.refs.get('s'),
  'refs.delete': () => s.refs.delete('s'),
  'refs.scan': () => s.refs.scan(undefined, 10),
  'refs.replace': () => s.refs.replace('s', { a: 1 }, { a: 2 }),
  'refs.deleteWrittenBefore': () => s.refs.deleteWrittenBefore(at(0), 10),
  'notices.put': () =>
    s.notices.put({
      id: 'n',
      subject: 's',
      item: 'i',
      purposes: ['p'],
      kind: 'expired',
      remaining: 0,
      channel: 'c',
      locale: 'en',
      attempts: 1,
      nextAt: at(0),
    }),
  'notices.due': () => s.notices.due(at(0), 10),
  'notices.delete': () => s.notices.delete('n'),
  'notices.deleteSubject': () => s.notices.deleteSubject('s'),
  'state.read': () => s.state.read(['k']),
  'state.write': () => s.state.write('k', { a: 1 }),
  'state.write with an eTag': () => s.state.write('k', { a: 1 }, 'e'),
  'state.delete': () => s.state.delete(['k']),
  'state.deleteSubject': () => s.state.deleteSubject('s'),
  'state.deleteIdle': () => s.state.deleteIdle(at(0), 10),
  'state.scan': () => s.state.scan(undefined, 10),
  'leases.acquire': () => s.leases.acquire('l', 'a', at(0), at(1)),
  'leases.release': () => s.leases.release('l', 'a'),
  'analytics.record': () =>
    s.analytics.record({
      type: 'asked',
      item: 'mobile',
      purpose: 'p',
      journey: 'j',
      step: 's',
      locale: 'en',
      channel: 'webchat',
      at: at(0),
    }),
  'analytics.query': () => s.analytics.query({ from: '2026-06-01', to: '2026-06-01', groupBy: ['item'] }),
  'analytics.compact': () => s.analytics.compact('2026-06-01', at(0)),
  'analytics.deleteDaysBefore': () => s.analytics.deleteDaysBefore('1970-01-01'),
  'pendingAsks.quiet': () => s.pendingAsks.quiet(at(0), 1),
  'pendingAsks.settle': () => s.pendingAsks.settle('k', at(0)),
  'audit.append': () => s.audit.append({ id: 'a', at: at(0), actor: 'dpo:00000000', action: 'audit.read' }),
  'audit.query': () => s.audit.query({ limit: 1 }),
  'audit.deleteBefore': () => s.audit.deleteBefore(new Date(0), 10),
});

export function availabilityContract(store: () => Store, openUnreachable: () => Promise<Store>): void {
  describe('availability', () => {
    it('answers a ping', async () => {
      await expect(store().ping()).resolves.toBeUndefined();
    });

    it('rejects every operation with StoreUnavailableError when the store cannot be reached', async () => {
      const unreachable = await openUnreachable();
      try {
        const ops = Object.entries(everyOperation(unreachable));
        const outcomes = await Promise.allSettled(ops.map(([, op]) => op()));
        const typed = outcomes.map((o, i) => [
          ops[i]?.[0],
          o.status === 'rejected' && o.reason instanceof StoreUnavailableError,
        ]);
        expect(typed).toEqual(ops.map(([name]) => [name, true]));
      } finally {
        await unreachable.close();
      }
    });
  });
}
