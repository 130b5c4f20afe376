/** Store adapters translate their own failures into these so services never see driver errors. */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';
}

/** A unique constraint refused a write (e.g. a second open conversation for the same contact and channel). */
export class DuplicateKeyError extends Error {
  override name = 'DuplicateKeyError';
  constructor(readonly key: string) {
    super(`duplicate key: ${key}`);
  }
}
