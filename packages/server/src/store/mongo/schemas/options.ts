import type { SchemaOptions } from 'mongoose';

/**
 * Options shared by every Parley schema. Documents use the record id as `_id` (a string), carry no
 * mongoose `__v` (conversations have their own `version`), keep empty objects (`minimize: false`, so an
 * event's `data: {}` survives the round trip), and refuse unknown paths in writes and filters, so a typo
 * or a smuggled field is an error instead of a silent no-op. Indexes are declared in the schemas and
 * ensured by `MongoStore.init()`, never built implicitly (autoIndex/autoCreate off).
 */
export const schemaOptions = {
  versionKey: false,
  id: false,
  minimize: false,
  strict: 'throw',
  strictQuery: 'throw',
  autoIndex: false,
  autoCreate: false,
} as const satisfies SchemaOptions;

/** A string field that may be null (mongoose would otherwise leave it undefined when absent). */
export const nullableString = { type: String, default: null } as const;
