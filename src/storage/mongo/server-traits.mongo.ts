/**
 * What the server behind a store does with a filter, learnt once at connect (`buildInfo`).
 * FerretDB 1.x (SQLite and PostgreSQL backends) serves only a filter that is exactly one `_id`
 * equality without decoding every document; any other filter (`{ _id, eTag }` too) reads and decodes the
 * whole collection, so a turn's cost would grow with the number of customers. Where a portable
 * operation has an `_id`-only form, the adapters use it on such a server.
 */
import type { Db } from 'mongodb';

export interface ServerTraits {
  /** True when only a single `_id` equality is served without a collection scan (FerretDB). */
  idOnlyFilters: boolean;
}

/** Traits before the server was asked: MongoDB's (every indexed filter is served). */
export const mongoTraits = (): ServerTraits => ({ idOnlyFilters: false });

/** Asks the server what it is and records its traits in `into`. */
export async function learnTraits(db: Db, into: ServerTraits): Promise<void> {
  const info = await db.admin().command({ buildInfo: 1 });
  // FerretDB 2 (on PostgreSQL with DocumentDB) plans filters itself: only 1.x is told apart.
  const ferret: unknown = info.ferretdbVersion;
  into.idOnlyFilters = typeof ferret === 'string' && /^v?1\./.test(ferret);
}
