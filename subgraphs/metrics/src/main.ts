import 'reflect-metadata';
import { runSubgraphCli } from '@cairn/subgraph-kit';
import { metricsSubgraph } from './module';

void runSubgraphCli(metricsSubgraph);
