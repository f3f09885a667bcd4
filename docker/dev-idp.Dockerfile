# Cairn development OpenID Connect provider: demo accounts only, never for production.
#   docker build -f docker/dev-idp.Dockerfile -t cairn/dev-idp .
FROM node:20.20-bookworm-slim AS build
WORKDIR /app
COPY . .
# pkcs11js (the PKCS#11 signer, @cairn/signing) is a native addon that npm ci compiles.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
RUN npm ci --no-audit --no-fund && npx turbo run build --filter=@cairn/dev-idp && npm prune --omit=dev

FROM node:20.20-bookworm-slim
ENV NODE_ENV=development HOST=0.0.0.0
WORKDIR /app
COPY --from=build /app /app
USER node
EXPOSE 4010
CMD ["node", "apps/dev-idp/dist/main.js"]
