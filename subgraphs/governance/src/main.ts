import 'reflect-metadata';
import { startTracingFromEnvironment } from '@cairn/tracing';

// Tracing patches pg, graphql and http as they load, so it starts before the subgraph is imported.
startTracingFromEnvironment('governance');

void (async () => {
  const { runSubgraphCli } = await import('@cairn/subgraph-kit');
  const { governanceSubgraph } = await import('./module.js');
  await runSubgraphCli(governanceSubgraph);
})();
