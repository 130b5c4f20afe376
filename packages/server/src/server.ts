import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NAMESPACES, SERVER_EVENTS } from '@parley/protocol';
import { Server as IoServer } from 'socket.io';
import { wireAgentRefresh } from './channels/web/agent-refresh.ts';
import { wireAgentNamespace } from './channels/web/agent-socket.ts';
import { wireVisitorNamespace } from './channels/web/visitor-socket.ts';
import type { Config } from './config.ts';
import { createHttpApp } from './http/app.ts';
import { createLogger, type Logger } from './lib/logger.ts';
import { wireFanout } from './realtime/fanout.ts';
import { batchSocketWrites } from './realtime/write-batching.ts';
import { InFlight } from './realtime/in-flight.ts';
import { connectRedis, type RedisLink } from './realtime/redis-adapter.ts';
import { embedderOriginAllowed, type OriginPolicy } from './security/origin-check.ts';
import { createRateGuard } from './security/rate-limits.ts';
import { Outbox } from './events/outbox.ts';
import { MemoryPresenceBoard } from './realtime/presence/memory-board.ts';
import { PresenceService } from './realtime/presence/presence-service.ts';
import { RedisPresenceBoard } from './realtime/presence/redis-board.ts';
import { rooms } from './realtime/rooms.ts';
import { Bus } from './services/bus.ts';
import { OpenTickets } from './services/open-tickets.ts';
import { sweepIntervalFor, UploadSweep } from './services/upload-sweep.ts';
import type { ServiceDeps, SetupDeps } from './services/deps.ts';
import { DeskLive } from './services/desk-live.ts';
import { SnoozeAlarm } from './services/snooze-alarm.ts';
import { Router } from './services/router.ts';
import { AvailabilityWatch } from './services/availability-watch.ts';
import { connectedAgents } from './realtime/connected-agents.ts';
import { wireRoutingTriggers } from './realtime/routing-triggers.ts';
import { wireSettingsFanout } from './realtime/settings-fanout.ts';
import { ensureDeskAndAdmin, type FirstRun } from './services/setup.ts';
import { openStore } from './store/open-store.ts';
import type { Store } from './store/port.ts';

/** An event nobody acknowledged this long after its commit is delivered by a sweep (its writer is gone). */
const OUTBOX_GRACE_MS = 2000;
const OUTBOX_SWEEP_MS = 1000;
const OUTBOX_ACK_MS = 200;
/** Settings changes reach other nodes at once through Redis; this re-read catches one that got lost. */
const DESK_REFRESH_MS = 15_000;
/** A snoozed ticket wakes up at most this long after its time. */
const SNOOZE_CHECK_MS = 5_000;
/** Routing looks at waiting tickets this often besides when something changes. */
const ROUTING_SWEEP_MS = 3_000;

/** Socket frames above this are refused by Socket.IO before any handler sees them. */
export const MAX_SOCKET_FRAME_BYTES = 64 * 1024;

export interface Parley {
  readonly url: string;
  readonly port: number;
  readonly store: Store;
  readonly firstRun: FirstRun;
  readonly log: Logger;
  readonly http: HttpServer;
  readonly io: IoServer;
  /** Graceful: stop accepting, let in-flight writes finish, disconnect sockets, close the store. */
  stop(): Promise<void>;
}

/** Builds and starts one Parley node from a validated config. The only place that knows every adapter. */
export async function startParley(config: Config, opts: { log?: Logger; store?: Store } = {}): Promise<Parley> {
  const log = opts.log ?? createLogger(config.logLevel);
  const store = opts.store ?? (await openStore(config));
  await store.init();
  const redis: RedisLink | undefined = config.redisUrl ? await connectRedis(config.redisUrl, log) : undefined;
  const limits = createRateGuard({
    redis: redis?.client,
    scale: config.rateLimitScale,
    budgets: { uploadBytesPerIp: config.uploadBytesPerIp, uploadBytesPerDesk: config.uploadBytesPerDesk },
  });
  const now = () => new Date();
  const outbox = new Outbox(store, log, { graceMs: OUTBOX_GRACE_MS, sweepMs: OUTBOX_SWEEP_MS, ackMs: OUTBOX_ACK_MS, now });
  const setup: SetupDeps = { store, outbox, bus: new Bus(), log, now, limits, openTickets: new OpenTickets(), sessionTtlMs: config.sessionTtlMs };
  const firstRun = await ensureDeskAndAdmin(setup, config);
  const storedDesk = await store.getDesk(config.deskId);
  if (!storedDesk) throw new Error(`desk ${config.deskId} is missing after setup`);
  const desk = new DeskLive(store, storedDesk, {
    name: config.deskNameSet ? config.deskName : undefined,
    allowedOrigins: config.allowedOriginsSet ? config.allowedOrigins : undefined,
    identitySecret: config.identitySecret,
  }, log);
  const deps: ServiceDeps = { ...setup, desk };

  const origins: OriginPolicy = {
    get allowedOrigins() {
      return desk.allowedOrigins();
    },
    publicUrl: config.publicUrl,
    trustProxy: config.trustProxy,
  };
  const app = createHttpApp(deps, {
    deskId: config.deskId,
    cookieSecure: config.cookieSecure,
    origins,
    redis: () => redis,
    log,
  });
  const http = createServer(app);
  // `Expect: 100-continue` goes to the app, which decides when to say continue (http/expect-continue.ts).
  http.on('checkContinue', (req, res) => app(req, res));
  const io = new IoServer(http, {
    maxHttpBufferSize: MAX_SOCKET_FRAME_BYTES,
    serveClient: false,
    cors: { origin: false },
    // Checked on the polling and the WebSocket handshake alike: the pages that may embed the widget (a returning
    // visitor's page listens for replies on /visitor, see visitor-socket.ts). The /agent namespace narrows this to
    // Parley's own origin (agent-socket.ts): its cookie must never serve another site's page.
    allowRequest: (req, callback) => {
      const allowed = embedderOriginAllowed(req, origins);
      callback(allowed ? null : 'origin not allowed', allowed);
    },
  });
  batchSocketWrites(io);
  redis?.attach(io);
  // What this node published while its Redis link was down never reached the other nodes' clients, and what they
  // published never reached ours: ask every client on every node to fetch what it missed.
  redis?.onReconnect(() => {
    log.info('redis is back: asking all clients to resync');
    for (const ns of [NAMESPACES.visitor, NAMESPACES.agent]) io.of(ns).emit(SERVER_EVENTS.resync, {});
  });
  const inFlight = new InFlight();
  const presence = new PresenceService({
    board: redis ? new RedisPresenceBoard(redis.client) : new MemoryPresenceBoard(),
    announce: (deskId, ticket) => io.of(NAMESPACES.agent).to(rooms.desk(deskId)).emit(SERVER_EVENTS.presenceUpdated, ticket),
    log,
  });
  presence.start();
  const availability = new AvailabilityWatch(deps, {
    connectedAgents: connectedAgents(io),
    announce: (state) => io.of(NAMESPACES.visitor).local.emit(SERVER_EVENTS.deskAvailability, { availability: state }),
    graceMs: config.routingGraceMs,
    everyMs: ROUTING_SWEEP_MS,
  });
  wireVisitorNamespace(io, deps, { log, inFlight, origins, trustProxy: config.trustProxy, availability: () => availability.current });
  wireAgentNamespace(io, deps, { log, inFlight, origins, presence });
  const unwire = wireFanout(io, outbox, deps.bus, redis !== undefined);
  const unwireSettings = wireSettingsFanout(io, deps, { peers: redis !== undefined });
  const unwireAgentRefresh = wireAgentRefresh(io, deps, { peers: redis !== undefined });
  desk.start(DESK_REFRESH_MS);
  const snoozeAlarm = new SnoozeAlarm(deps);
  snoozeAlarm.start(SNOOZE_CHECK_MS);
  const router = new Router(deps, {
    connectedAgents: connectedAgents(io),
    // Every node computes the lines; each tells the visitors connected to it.
    announcePosition: (ticket, position) =>
      io.of(NAMESPACES.visitor).local.to(rooms.visitor(ticket.contactId)).emit(SERVER_EVENTS.queuePosition, { conversationId: ticket.id, position }),
    graceMs: config.routingGraceMs,
    everyMs: ROUTING_SWEEP_MS,
  });
  const unwireRouting = wireRoutingTriggers(outbox, deps.bus, router);
  router.start();
  availability.start();
  await outbox.start();
  const uploadSweep = new UploadSweep(deps, { graceMs: config.uploadGraceMs, everyMs: sweepIntervalFor(config.uploadGraceMs) });
  uploadSweep.start();

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(config.port, config.host, () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
  const url = config.publicUrl ?? `http://localhost:${port}`;

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      log.info('shutting down: refusing new connections');
      const closed = new Promise<void>((resolve) => http.close(() => resolve()));
      http.closeIdleConnections();
      const drained = await inFlight.drain(config.shutdownTimeoutMs);
      if (!drained) log.warn({ inFlight: inFlight.size }, 'shutdown timeout with operations still in flight');
      presence.stop();
      desk.stop();
      await snoozeAlarm.stop();
      unwireRouting();
      await router.stop();
      await availability.stop();
      unwireSettings();
      unwireAgentRefresh();
      await outbox.stop();
      await uploadSweep.stop();
      unwire();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      http.closeAllConnections();
      await closed;
      await redis?.close();
      await store.close();
      log.info('stopped');
    })());

  return { url, port, store, firstRun, log, http, io, stop };
}
