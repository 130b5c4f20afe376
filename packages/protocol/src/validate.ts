import type { z } from 'zod';
import type { Failure } from './errors.ts';

/** Parse untrusted input; on failure answer an `invalid_input` naming the first offending field. */
export function parse<S extends z.ZodType>(
  schema: S,
  input: unknown,
): { ok: true; value: z.output<S> } | Failure {
  const result = schema.safeParse(input === undefined ? {} : input);
  if (result.success) return { ok: true, value: result.data };
  const issue = result.error.issues[0];
  const path = issue && issue.path.length ? issue.path.join('.') : '(payload)';
  return {
    ok: false,
    error: {
      code: 'invalid_input',
      message: `${path}: ${issue?.message ?? 'invalid'}`,
      details: result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    },
  };
}
