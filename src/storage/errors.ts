/** Typed storage failures: callers tell "not saved, try again" apart from bugs. */

export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
  constructor(operation: string, options?: { cause?: unknown }) {
    super(`the store could not ${operation}`, options);
  }
}

export class ETagConflictError extends Error {
  override readonly name = 'ETagConflictError';
  constructor(readonly key: string) {
    super(`eTag conflict writing "${key}": it was changed by another writer`);
  }
}

/** Runs a store operation and turns any driver failure into StoreUnavailableError (once). */
export async function guarded<T>(operation: string, fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof ETagConflictError || e instanceof StoreUnavailableError) throw e;
    throw new StoreUnavailableError(operation, { cause: e });
  }
}
