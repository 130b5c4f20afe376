import { AppError } from '../lib/app-error.ts';

/** The refusal of a spend: `rate_limited`, with the seconds until the key has a point again. */
export function refusal(msBeforeNext: number): AppError {
  const retryAfterSeconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  return new AppError('rate_limited', `Too many attempts; try again in ${retryAfterSeconds} s`, { retryAfterSeconds });
}
