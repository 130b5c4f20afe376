/**
 * FerretDB 1.24 (the test server) keeps one database connection per update statement until the whole command ends,
 * from a pool of 100: a bulk update of 100 statements or more never answers, and every later write hangs behind it.
 * Bulk updates therefore go in chunks well under that; on MongoDB the chunks merely cost a few more round trips.
 */
export const BULK_CHUNK = 50;

/** An unordered bulk write in chunks; returns how many documents matched in all. */
export async function bulkWriteInChunks<Op>(
  model: { bulkWrite(ops: Op[], options: { ordered: false }): Promise<{ matchedCount: number }> },
  ops: readonly Op[],
): Promise<number> {
  let matched = 0;
  for (let i = 0; i < ops.length; i += BULK_CHUNK) {
    const result = await model.bulkWrite(ops.slice(i, i + BULK_CHUNK), { ordered: false });
    matched += result.matchedCount;
  }
  return matched;
}
