import { readdirSync } from 'node:fs';
import path from 'node:path';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

/**
 * Tests import workspace packages from source, so `npm test` needs no build first. swc
 * compiles them because type-graphql and TypeORM rely on decorator metadata, which
 * esbuild does not emit.
 */
const workspaceSources = ['packages', 'subgraphs', 'apps'].flatMap((group) =>
  readdirSync(path.resolve(__dirname, group)).map((name) => ({
    find: new RegExp(`^@cairn/${name}$`),
    replacement: path.resolve(__dirname, group, name, 'src/index.ts'),
  })),
);

export default defineConfig({
  plugins: [
    swc.vite({
      jsc: {
        target: 'es2022',
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      },
    }),
  ],
  resolve: {
    alias: [
      ...workspaceSources,
      // Vite would pick graphql's ESM build for our sources while Apollo's CommonJS code loads
      // the CommonJS one; two copies of graphql refuse to work together.
      { find: /^graphql$/, replacement: path.resolve(__dirname, 'node_modules/graphql/index.js') },
      // Its ESM build imports `graphql/index.mjs` by name, a second copy of graphql.
      {
        find: /^graphql-query-complexity$/,
        replacement: path.resolve(__dirname, 'node_modules/graphql-query-complexity/dist/cjs/index.js'),
      },
    ],
  },
  test: {
    include: ['{packages,subgraphs,apps}/*/{src,test}/**/*.test.ts'],
    globalSetup: ['packages/testing/src/global-setup.ts', 'packages/testing/src/elasticsearch-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
