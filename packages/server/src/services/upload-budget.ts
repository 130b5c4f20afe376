import type { RateGuard } from '../security/rate-limits.ts';

/** Bytes reserved from the per-IP and per-desk byte budgets; settle once the upload's real size is known. */
export interface ByteReservation {
  /** Keeps `used` bytes spent and gives the rest back (0 when nothing was stored). */
  settle(used: number): Promise<void>;
}

/**
 * Reserves `bytes` from the desk's byte budget and, unless `ip` is null, the address's, before a byte of the body is
 * read; throws `rate_limited` when either has not that much left (and then spends nothing).
 */
export async function reserveUploadBytes(limits: RateGuard, ip: string | null, deskId: string, bytes: number): Promise<ByteReservation> {
  if (ip !== null) await limits.consumePoints('uploadBytesPerIp', ip, bytes);
  try {
    await limits.consumePoints('uploadBytesPerDesk', deskId, bytes);
  } catch (err) {
    if (ip !== null) await limits.refund('uploadBytesPerIp', ip, bytes);
    throw err;
  }
  let settled = false;
  return {
    async settle(used) {
      if (settled) return;
      settled = true;
      const unused = bytes - Math.min(used, bytes);
      if (ip !== null) await limits.refund('uploadBytesPerIp', ip, unused);
      await limits.refund('uploadBytesPerDesk', deskId, unused);
    },
  };
}
