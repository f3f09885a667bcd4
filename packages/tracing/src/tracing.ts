import { ConfigError, loadConfig, type TelemetryConfig, telemetrySchema } from '@cairn/config';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { GraphQLInstrumentation } from '@opentelemetry/instrumentation-graphql';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { Resource } from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import {
  BatchSpanProcessor,
  ParentBasedSampler,
  type SpanExporter,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

/** Probes and scrapes: frequent, uninteresting, and they would drown the traces that matter. */
const UNTRACED_PATHS = /^\/(healthz|readyz|metrics)(\?|$)/;

export interface Tracing {
  /** Sends the spans that ended so far. */
  flush(): Promise<void>;
  /** Sends what is buffered and stops; idempotent. */
  shutdown(): Promise<void>;
}

export interface TracingPlan {
  serviceName: string;
  tracesUrl: string;
  headers: Record<string, string>;
  sampleRatio: number;
}

/** What tracing would do with this configuration, or null when it is off (no endpoint). */
export function tracingPlan(
  service: string,
  config: Pick<
    TelemetryConfig,
    | 'OTEL_EXPORTER_OTLP_ENDPOINT'
    | 'OTEL_EXPORTER_OTLP_HEADERS'
    | 'OTEL_SERVICE_NAME'
    | 'OTEL_TRACES_SAMPLE_RATIO'
  >,
): TracingPlan | null {
  const endpoint = config.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (!endpoint) return null;
  return {
    serviceName: config.OTEL_SERVICE_NAME ?? service,
    // As OpenTelemetry's own exporters read the unsuffixed variable: a base URL, one path per signal.
    tracesUrl: `${endpoint.replace(/\/+$/, '')}/v1/traces`,
    headers: config.OTEL_EXPORTER_OTLP_HEADERS,
    sampleRatio: config.OTEL_TRACES_SAMPLE_RATIO,
  };
}

let running: { service: string; tracing: Tracing } | undefined;

/**
 * Starts OpenTelemetry for this process: server and client HTTP spans (node:http and undici, so
 * the gateway's calls to subgraphs carry `traceparent`), GraphQL parse/validate/execute spans,
 * and one span per PostgreSQL query. The Elasticsearch client makes its own spans through the
 * same global tracer. Returns null when no endpoint is configured: then nothing is patched.
 *
 * The instrumentations patch modules as they are first loaded, so this must run before the
 * service imports `pg`, `graphql` or its HTTP stack: each entry point calls it first and loads
 * the service afterwards. One process has one tracer: a second call returns the first's.
 */
export function startTracing(
  service: string,
  config: TelemetryConfig,
  options: { exporter?: SpanExporter } = {},
): Tracing | null {
  if (running) return running.tracing;
  const plan = tracingPlan(service, config);
  if (!plan) return null;
  const exporter = options.exporter ?? new OTLPTraceExporter({ url: plan.tracesUrl, headers: plan.headers });
  const processor = new BatchSpanProcessor(exporter, { scheduledDelayMillis: 1000 });
  const sdk = new NodeSDK({
    resource: new Resource({ [ATTR_SERVICE_NAME]: plan.serviceName }),
    // Everything about the process comes from Cairn's validated config, not from detectors
    // reading the environment on their own.
    autoDetectResources: false,
    spanProcessors: [processor],
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(plan.sampleRatio) }),
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req) => UNTRACED_PATHS.test(req.url ?? ''),
      }),
      new UndiciInstrumentation(),
      // Resolver spans for trivial fields would multiply a trace's size for no insight.
      new GraphQLInstrumentation({ mergeItems: true, ignoreTrivialResolveSpans: true }),
      // Only queries inside a traced request: background consumers poll every second.
      new PgInstrumentation({ requireParentSpan: true }),
    ],
  });
  sdk.start();
  let stopping: Promise<void> | undefined;
  const tracing: Tracing = {
    flush: () => processor.forceFlush(),
    shutdown: () =>
      (stopping ??= sdk.shutdown().finally(() => {
        running = undefined;
      })),
  };
  running = { service, tracing };
  return tracing;
}

/**
 * For entry points, before they import the service: reads the telemetry settings from the
 * environment and starts tracing; invalid settings end the process as any invalid config does.
 */
export function startTracingFromEnvironment(service: string): Tracing | null {
  try {
    return startTracing(service, loadConfig(telemetrySchema));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}
