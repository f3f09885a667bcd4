# Cairn portal (Next.js). Build from the repository root:
#   docker build -f docker/portal.Dockerfile -t cairn/portal .
FROM node:20.20-bookworm-slim AS build
WORKDIR /app
COPY . .
ENV NEXT_TELEMETRY_DISABLED=1
# pkcs11js (the PKCS#11 signer, @cairn/signing) is a native addon that npm ci compiles.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
RUN npm ci --no-audit --no-fund && npx turbo run build --filter=@cairn/portal && npm prune --omit=dev

FROM node:20.20-bookworm-slim
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1
WORKDIR /app
COPY --from=build /app /app
USER node
EXPOSE 3000
# scripts/start.mjs validates the configuration, then runs `next start` on PORTAL_PORT.
CMD ["node", "apps/portal/scripts/start.mjs"]
