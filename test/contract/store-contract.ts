/**
 * The one contract suite every storage adapter must pass (see test/contract/*.contract.test.ts).
 * It opens one store for the whole suite; every test works on its own fresh subjects and keys,
 * so a shared server database needs no clean-up between tests.
 */
import { afterAll, beforeAll, describe } from 'vitest';
import type { Store } from '../../src/storage/index.ts';
import { analyticsContract } from './analytics.contract.ts';
import { auditContract } from './audit.contract.ts';
import { availabilityContract } from './availability.contract.ts';
import { concurrencyContract } from './concurrency.contract.ts';
import { giveBackContract } from './give-back.contract.ts';
import { heldItemsContract } from './held-items.contract.ts';
import { leasesContract } from './leases.contract.ts';
import { ledgerContract } from './ledger.contract.ts';
import { ledgerChainContract } from './ledger-chain.contract.ts';
import { noticesContract } from './notices.contract.ts';
import { outboxContract } from './outbox.contract.ts';
import { refsContract } from './refs.contract.ts';
import { retentionContract } from './retention.contract.ts';
import { stateContract } from './state.contract.ts';
import { turnsContract } from './turns.contract.ts';

export interface StoreContractOptions {
  /** A store of the same adapter whose backend cannot be reached (closed database, closed port). */
  readonly openUnreachable: () => Promise<Store>;
  /** Why atomicity-under-concurrency cannot be checked on this backend, if it cannot. */
  readonly concurrencySkipReason?: (store: Store) => Promise<string | undefined>;
  /** Disposes of the store after the suite (default: close it). */
  readonly dispose?: (store: Store) => Promise<void>;
}

/** Runs the storage contract against the adapter that `open` opens. */
export function describeStoreContract(
  name: string,
  open: () => Promise<Store>,
  opts: StoreContractOptions,
): void {
  describe(`${name} store contract`, () => {
    let opened: Store | undefined;
    let skipConcurrency: string | undefined;
    const store = (): Store => {
      if (!opened) throw new Error('the store did not open');
      return opened;
    };

    beforeAll(async () => {
      opened = await open();
      skipConcurrency = await opts.concurrencySkipReason?.(opened);
      if (skipConcurrency)
        console.warn(`${name}: skipping the atomicity-under-concurrency tests: ${skipConcurrency}`);
    });
    afterAll(async () => {
      if (opened) await (opts.dispose ?? ((s: Store) => s.close()))(opened);
    });

    heldItemsContract(store);
    giveBackContract(store);
    ledgerContract(store);
    ledgerChainContract(store);
    refsContract(store);
    noticesContract(store);
    outboxContract(store);
    stateContract(store);
    leasesContract(store);
    availabilityContract(store, opts.openUnreachable);
    concurrencyContract(store, () => skipConcurrency);
    analyticsContract(store, () => skipConcurrency);
    auditContract(store);
    retentionContract(store);
    turnsContract(store);
  });
}
