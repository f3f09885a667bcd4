# Cairn lineage subgraph. Build from the repository root:
#   docker build -f docker/lineage.Dockerfile -t cairn/lineage .
FROM node:20.20-bookworm-slim AS build
WORKDIR /app
COPY . .
# pkcs11js (the PKCS#11 signer, @cairn/signing) is a native addon that npm ci compiles.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
RUN npm ci --no-audit --no-fund && npx turbo run build --filter=@cairn/lineage && npm prune --omit=dev

FROM node:20.20-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0
WORKDIR /app
COPY --from=build /app /app
USER node
EXPOSE 4002
HEALTHCHECK --interval=10s --timeout=3s CMD node -e "fetch('http://127.0.0.1:'+process.env.LINEAGE_PORT+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# `migrate` applies this subgraph's migrations; compose runs it once before `serve`.
ENTRYPOINT ["node", "subgraphs/lineage/dist/main.js"]
CMD ["serve"]
