# syntax=docker/dockerfile:1
# PetSage backend. Production runs Node.js 24, an LTS line supported until April 2028. Our dev machines
# still run Node 20 (end of life since April 2026), which is why `engines` allows >=20.19.

# --- build: all dependencies; type-check and bundle the service into dist/server.js ---
FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
RUN npm run build

# --- runtime: dist/ and the production dependencies (the bundle leaves the docs stack in node_modules),
# as the unprivileged `node` user ---
FROM node:24-slim AS runtime
ENV NODE_ENV=production HOST=0.0.0.0 PORT=8000
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
USER node
EXPOSE 8000
# For `docker run` and Compose; Kubernetes ignores HEALTHCHECK and uses the Deployment's probes instead.
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8000)+'/livez').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Started with node itself, not npm, so SIGTERM reaches the server and its graceful shutdown.
CMD ["node", "dist/server.js"]
