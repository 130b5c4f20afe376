# syntax=docker/dockerfile:1
# Parley as a container: the compiled server on Node 20, run as the unprivileged `node` user, data in /data.
#   docker build -t parley .
#   docker run -p 3000:3000 -v parley-data:/data -e ADMIN_PASSWORD='a long password' parley
# Several nodes with MongoDB, Redis and a reverse proxy: deploy/compose.yaml (README: Deployment).

ARG NODE_IMAGE=node:20-bookworm

# ── base: pnpm and the workspace manifests, shared by the build and the production dependencies ─────────────
FROM ${NODE_IMAGE} AS base
WORKDIR /app
# Native modules compile against this Node's own headers (node-gyp then downloads nothing).
ENV npm_config_nodedir=/usr/local
RUN npm install --global --no-fund --no-audit pnpm@10
# Manifests first, so that the dependency layers are reused while only sources change.
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml ./
COPY packages/protocol/package.json packages/protocol/
COPY packages/server/package.json packages/server/
COPY packages/widget/package.json packages/widget/
COPY packages/inbox/package.json packages/inbox/
COPY tests/package.json tests/

# ── build: every package compiled (protocol and server to JavaScript, widget and inbox bundles) ──────────────
FROM base AS build
RUN pnpm install --frozen-lockfile
COPY tsconfig.base.json ./
COPY scripts scripts
COPY packages packages
RUN pnpm build

# ── deps: the server's production dependencies only; better-sqlite3 compiles from source here when no prebuilt
#    binary fits (the full node image has python3, make and g++) ────────────────────────────────────────────────
FROM base AS deps
RUN pnpm install --frozen-lockfile --prod --filter @parley/server...

# ── runtime ─────────────────────────────────────────────────────────────────────────────────────────────────
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/data
WORKDIR /app
COPY --from=deps /app ./
COPY --from=build /app/packages/protocol/dist packages/protocol/dist
COPY --from=build /app/packages/server/dist packages/server/dist
COPY --from=build /app/packages/widget/dist packages/widget/dist
COPY --from=build /app/packages/inbox/dist packages/inbox/dist
COPY examples/site examples/site
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Parley handles SIGTERM itself (stops accepting, finishes in-flight writes, closes the store).
CMD ["node", "packages/server/dist/main.js"]
