import type { SubgraphConfig, SubgraphName } from '@cairn/config';
import { ModelDirectory, VisibleVersions } from '@cairn/model-directory';
import type { ServiceMetrics } from '@cairn/service-metrics';
import type { GraphQLSchema } from 'graphql';
import type { DataSource } from 'typeorm';
import type { BaseContext } from './context';
import type { PeriodicJob, SubgraphModule } from './runtime';

/** The context of a subgraph built by `subgraphWithModelDirectory`. */
export interface DirectoryContext<Services, Loaders> extends BaseContext {
  services: Services;
  loaders: Loaders;
  /** The model versions this caller may see; every read path checks a version through it. */
  visibleVersions: VisibleVersions;
}

export interface DirectorySubgraphOptions<Services, Loaders> {
  name: SubgraphName;
  /** The subgraph's own schema, which holds its `known_model_version` and `event_cursor`. */
  schema: string;
  createDataSource(url: string, poolSize?: number): DataSource;
  buildSchema(): Promise<GraphQLSchema>;
  createServices(dataSource: DataSource, directory: ModelDirectory, config: SubgraphConfig): Services;
  createLoaders(dataSource: DataSource, visibleVersions: VisibleVersions, services: Services): Loaders;
  /** Periodic work of the services (expiries, cleanups), run by the kit. */
  jobs?(services: Services): PeriodicJob[];
  /** The services' own metrics, registered beside the kit's. */
  metrics?(services: Services, metrics: ServiceMetrics): void;
  /** Releases what the services opened (a signer's HSM session) on shutdown. */
  close?(services: Services): Promise<void>;
}

/**
 * The wiring of a subgraph that knows model versions through the model directory (lineage,
 * governance, metrics): one directory serves the services and, as a background consumer of the
 * registry's log, keeps itself current; each request gets a fresh set of loaders and its own view
 * of which versions the caller may see.
 */
export function subgraphWithModelDirectory<Services, Loaders>(
  options: DirectorySubgraphOptions<Services, Loaders>,
): SubgraphModule<DirectoryContext<Services, Loaders>> {
  return {
    name: options.name,
    createDataSource: options.createDataSource,
    buildSchema: options.buildSchema,
    wire(dataSource, config) {
      const directory = new ModelDirectory(dataSource, options.schema);
      const services = options.createServices(dataSource, directory, config);
      return {
        createContext: (base) => {
          const visibleVersions = new VisibleVersions(directory, base.principal);
          return {
            ...base,
            services,
            visibleVersions,
            loaders: options.createLoaders(dataSource, visibleVersions, services),
          };
        },
        consumers: [directory.consumer],
        jobs: options.jobs?.(services) ?? [],
        metrics: options.metrics ? (metrics) => options.metrics?.(services, metrics) : undefined,
        close: async () => {
          await options.close?.(services);
        },
      };
    },
  };
}
