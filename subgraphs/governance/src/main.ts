import 'reflect-metadata';
import { runSubgraphCli } from '@cairn/subgraph-kit';
import { governanceSubgraph } from './module';

void runSubgraphCli(governanceSubgraph);
