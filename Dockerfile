# Segnala in a container (README.md, "Running in production" → "With Docker").
#
#   docker build -t segnala .
#   docker run -d -p 127.0.0.1:8080:8080 -v segnala-data:/data \
#     -e DATABASE_URL=postgres://… -e SECRET_KEY=… -e PUBLIC_URL=https://… -e TRUST_PROXY=1 segnala
#
# or, with PostgreSQL in a second container, compose.yaml. Settings are the environment variables
# of README.md, "Configuration".

# Node 24 LTS on Debian 12, the system Segnala is tested on. Build and run on the same platform:
# npm ci picks sharp's prebuilt image library for it (node_modules/@img/sharp-linux-x64 and
# sharp-libvips-linux-x64 on x86-64, the -arm64 pair on ARM); nothing is compiled.
FROM node:24-bookworm-slim AS build
WORKDIR /app
# Dependencies first, so that a change in the code alone does not download them again.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# The widget and console bundles (dist/widget/), then the development tools are removed:
# what remains is what the server runs with.
RUN npm run build && npm prune --omit=dev --no-audit --no-fund && npm cache clean --force

FROM node:24-bookworm-slim
LABEL org.opencontainers.image.title="Segnala" \
      org.opencontainers.image.description="Citizen reports of faults in their town: widget, staff console, API" \
      org.opencontainers.image.licenses="AGPL-3.0-or-later"
WORKDIR /app
# The code belongs to root and is read-only for the server's user: only DATA_DIR is writable.
COPY --from=build /app /app
# DATA_DIR holds the generated SECRET_KEY (when not given) and, without DATABASE_URL, the
# embedded database: keep it on a volume.
ENV HOST=0.0.0.0 \
    PORT=8080 \
    DATA_DIR=/data
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
# The image's own unprivileged user (uid 1000).
USER node
EXPOSE 8080
# GET /healthz answers once the server listens (after the migrations) and as long as the process
# serves; /readyz also asks the database, for load balancers (README, "Running in production").
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# What `npm start` runs, without its rebuild of the bundles (prestart): they are built above.
# On SIGTERM (docker stop) the server finishes the requests under way and closes the database.
STOPSIGNAL SIGTERM
CMD ["node", "--import", "tsx", "server/index.ts"]
