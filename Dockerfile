# syntax=docker/dockerfile:1
# PetSage backend on Node.js 24, an LTS line supported until April 2028 (package.json's `engines` says
# which Node.js lines the service supports; CI runs the suite on this one).
#
# The base image is pinned by digest (the multi-platform index of node:24-slim), so a rebuild gets the
# same bytes and a re-pushed tag cannot change production unnoticed. Update both FROM lines together, on
# purpose: `docker buildx imagetools inspect node:24-slim` prints the current digest (or let Renovate's or
# Dependabot's docker updater open the pull request); the pipeline then tests and ships it.

# --- build: all dependencies; type-check and bundle the service into dist/server.js ---
FROM node:24-slim@sha256:a9f5f7c91a432850b2a8a7797adf5eadb6c733ceed61167806cee7ea7fbc29df AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
RUN npm run build

# --- runtime: dist/ and the production dependencies (the bundle leaves the docs stack in node_modules),
# as the unprivileged `node` user, under tini ---
FROM node:24-slim@sha256:a9f5f7c91a432850b2a8a7797adf5eadb6c733ceed61167806cee7ea7fbc29df AS runtime
# tini runs as PID 1: it forwards SIGTERM to node (the kernel gives PID 1 no default signal handlers) and
# reaps orphaned children, which node, not written to be an init, would leave as zombies.
RUN apt-get update \
  && apt-get install -y --no-install-recommends tini \
  && rm -rf /var/lib/apt/lists/*
# Set by the pipeline (docker build --build-arg ...); see docs/operations.md.
ARG SOURCE="" REVISION="" VERSION="" CREATED=""
LABEL org.opencontainers.image.title="petsage-backend" \
  org.opencontainers.image.description="PetSage backend: the HTTP API of PetSage" \
  org.opencontainers.image.base.name="docker.io/library/node:24-slim" \
  org.opencontainers.image.source="${SOURCE}" \
  org.opencontainers.image.revision="${REVISION}" \
  org.opencontainers.image.version="${VERSION}" \
  org.opencontainers.image.created="${CREATED}"
ENV NODE_ENV=production HOST=0.0.0.0 PORT=8000
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# Node's compile cache (V8's code for the bundle, written by one start of the service at build time): each
# start compiles from it instead of from the source, about 45 ms less to the first 200. Node keeps a cache
# per user id, so it is warmed as the user that serves; read-only at run time (readOnlyRootFilesystem), it
# is still read.
ENV NODE_COMPILE_CACHE=/app/compile-cache
RUN install -d -o node -g node /app/compile-cache
USER node
RUN ["node", "dist/warm-compile-cache.js"]
EXPOSE 8000
# For `docker run` and Compose; Kubernetes ignores HEALTHCHECK and uses the Deployment's probes instead.
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8000)+'/livez').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--"]
# node itself, not npm (which would not pass SIGTERM on to the server and its graceful shutdown).
CMD ["node", "dist/server.js"]
