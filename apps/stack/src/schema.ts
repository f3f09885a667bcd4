import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SUBGRAPH_DEFAULT_PORTS, SUBGRAPH_NAMES } from '@cairn/config';
import { composeSupergraph, DEFAULT_SUPERGRAPH_PATH } from '@cairn/gateway';
import { printSubgraphSdl } from '@cairn/subgraph-kit';
import { SUBGRAPHS } from './subgraph-modules';

/**
 * `schema.js write` regenerates each subgraph's checked-in SDL and the composed supergraph;
 * `schema.js check` fails when any of them is stale or composition fails (CI runs it).
 */
const repoRoot = path.resolve(__dirname, '..', '..', '..');

function readOrEmpty(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

async function main() {
  const mode = process.argv[2];
  if (mode !== 'write' && mode !== 'check') throw new Error('usage: schema.js write|check');
  const files: { file: string; content: string }[] = [];
  const sdls = [];
  for (const name of SUBGRAPH_NAMES) {
    const sdl = await printSubgraphSdl(SUBGRAPHS[name]);
    files.push({ file: path.join(repoRoot, 'subgraphs', name, 'schema.graphql'), content: sdl });
    sdls.push({ name, url: `http://127.0.0.1:${SUBGRAPH_DEFAULT_PORTS[name]}/graphql`, sdl });
  }
  files.push({ file: DEFAULT_SUPERGRAPH_PATH, content: composeSupergraph(sdls) });
  const stale = files.filter(({ file, content }) => readOrEmpty(file) !== content);
  if (mode === 'write') {
    for (const { file, content } of stale) writeFileSync(file, content);
    console.log(
      stale.length
        ? `updated ${stale.map((s) => path.relative(repoRoot, s.file)).join(', ')}`
        : 'schemas up to date',
    );
    return;
  }
  if (stale.length > 0) {
    console.error(
      `Stale schema files: ${stale.map((s) => path.relative(repoRoot, s.file)).join(', ')}\nRun \`npm run schema:generate\` and commit the result.`,
    );
    process.exit(1);
  }
  console.log('subgraph schemas are fresh and compose into the checked-in supergraph');
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
