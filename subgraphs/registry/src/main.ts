import 'reflect-metadata';
import { runSubgraphCli } from '@cairn/subgraph-kit';
import { registrySubgraph } from './module';

void runSubgraphCli(registrySubgraph);
