import 'reflect-metadata';
import { runSubgraphCli } from '@cairn/subgraph-kit';
import { lineageSubgraph } from './module';

void runSubgraphCli(lineageSubgraph);
