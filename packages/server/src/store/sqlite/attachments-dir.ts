import path from 'node:path';

/** The embedded store's attachment bytes: one file per upload, beside the database. */
export const attachmentsDir = (dataDir: string): string => path.join(dataDir, 'attachments');
