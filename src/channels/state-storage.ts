/**
 * A botbuilder `Storage` over the store's StateStore, with real eTag semantics: a write whose
 * eTag differs from the stored one fails instead of silently overwriting another instance's turn.
 */
import type { Storage, StoreItems } from 'botbuilder';
import type { StateStore } from '../storage/index.ts';

export function createBotStorage(state: StateStore): Storage {
  return {
    async read(keys: string[]): Promise<StoreItems> {
      const found = await state.read(keys);
      const out: StoreItems = {};
      for (const [key, entry] of found) out[key] = { ...entry.doc, eTag: entry.eTag };
      return out;
    },
    async write(changes: StoreItems): Promise<void> {
      for (const [key, value] of Object.entries(changes)) {
        const { eTag, ...doc } = (value ?? {}) as Record<string, unknown> & { eTag?: string };
        await state.write(key, doc, eTag);
      }
    },
    async delete(keys: string[]): Promise<void> {
      await state.delete(keys);
    },
  };
}
