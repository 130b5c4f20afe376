import type { Failure, Result } from '@parley/protocol';
import { parse } from '@parley/protocol';
import type { Socket } from 'socket.io';
import type { z } from 'zod';
import { isExpected, toErrorBody } from '../../lib/app-error.ts';
import type { Logger } from '../../lib/logger.ts';
import type { InFlight } from '../../realtime/in-flight.ts';

type Ack = (answer: Result) => void;

/**
 * Registers one client→server event: validates the payload against its schema, runs the use case, and answers
 * through the acknowledgement. A missing ack callback is tolerated (the work is still done); nothing thrown escapes.
 */
export function handle<S extends z.ZodType, R extends object>(
  socket: Socket,
  event: string,
  schema: S,
  ctx: { log: Logger; inFlight: InFlight; /** Runs before every event of the socket (e.g. its rate limit); throws to refuse. */ gate?: () => Promise<void> },
  run: (input: z.output<S>) => Promise<R>,
): void {
  socket.on(event, (payload: unknown, maybeAck?: unknown) => {
    // A client that passes only a callback sends no payload.
    const [input, ack] = typeof payload === 'function' ? [undefined, payload as Ack] : [payload, maybeAck as Ack | undefined];
    const answer = (result: Result) => {
      if (typeof ack === 'function') ack(result);
    };
    const parsed = parse(schema, input);
    if (!parsed.ok) return answer(parsed);
    const gate = ctx.gate;
    void ctx.inFlight
      .track(async () => {
        if (gate) await gate();
        return run(parsed.value);
      })
      .then(
        (value) => answer({ ok: true, ...value }),
        (err: unknown) => {
          if (!isExpected(err)) ctx.log.error({ err, event }, 'socket handler failed');
          answer({ ok: false, error: toErrorBody(err) } satisfies Failure);
        },
      );
  });
}
