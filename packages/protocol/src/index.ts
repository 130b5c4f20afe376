export * from './errors.ts';
export * from './model.ts';
export * from './events.ts';
export * from './schemas.ts';
export * from './validate.ts';
export * from './limits.ts';
export * from './queues.ts';
export * from './presence.ts';
