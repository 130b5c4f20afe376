/** Placeholder until the FerretDB global setup lands. */
export function mongoTestUri(): string | undefined {
  return process.env.MONGODB_URI;
}
