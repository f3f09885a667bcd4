import { telemetrySchema } from '@cairn/config';
import { startTracing, type Tracing, tracingPlan } from '@cairn/tracing';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Traces across the gateway, a subgraph and PostgreSQL. Tracing starts before the stack's
 * modules load (they are imported below, after it), as each service's entry point does. The
 * spans go to an in-memory exporter instead of an OTLP collector; everything before the export
 * (instrumentations, sampling, propagation between the services) is what production runs.
 */

const exporter = new InMemorySpanExporter();
let tracing: Tracing | null;
let stop: (() => Promise<void>) | undefined;
let gatewayUrl: string;
let registryUrl: string;
let token: string;

beforeAll(async () => {
  tracing = startTracing(
    'cairn-test',
    telemetrySchema.parse({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' }),
    { exporter },
  );
  const { migrateAll, startStack } = await import('@cairn/stack');
  const { clientCredentialsToken, createTestDatabase } = await import('@cairn/testing');
  const { DEV_TOOL_CLIENT } = await import('@cairn/dev-idp');
  const { default: pino } = await import('pino');
  const db = await createTestDatabase();
  await migrateAll(db.url);
  const stack = await startStack({
    databaseUrl: db.serviceUrl,
    env: { NODE_ENV: 'test' },
    ephemeralPorts: true,
    logger: pino({ level: 'silent' }),
  });
  stop = stack.stop;
  gatewayUrl = stack.gatewayUrl;
  registryUrl = stack.subgraphUrls.registry;
  token = await clientCredentialsToken(stack.issuer, DEV_TOOL_CLIENT);
}, 120_000);

afterAll(async () => {
  await stop?.();
  await tracing?.shutdown();
});

const portOf = (url: string) => Number(new URL(url).port);

function serverPort(span: ReadableSpan): number | undefined {
  const port = span.attributes['net.host.port'] ?? span.attributes['server.port'];
  return typeof port === 'number' ? port : undefined;
}

describe('tracing', () => {
  it('is off without an endpoint, and sends OTLP/HTTP to <endpoint>/v1/traces with one', () => {
    expect(tracingPlan('gateway', telemetrySchema.parse({}))).toBeNull();
    const plan = tracingPlan(
      'gateway',
      telemetrySchema.parse({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'https://collector.example:4318/',
        OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer%20t',
        OTEL_TRACES_SAMPLE_RATIO: '0.1',
      }),
    );
    expect(plan).toEqual({
      serviceName: 'gateway',
      tracesUrl: 'https://collector.example:4318/v1/traces',
      headers: { authorization: 'Bearer t' },
      sampleRatio: 0.1,
    });
  });

  it('follows one request from the gateway into a subgraph and its database queries, under one trace id', async () => {
    exporter.reset();
    const response = await fetch(gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: 'query TracedModels { models(first: 1) { totalCount } }' }),
    });
    expect(response.status).toBe(200);
    await tracing!.flush();
    const spans = exporter.getFinishedSpans();
    const gatewayServer = spans.find(
      (span) => span.kind === 1 /* SERVER */ && serverPort(span) === portOf(gatewayUrl),
    );
    expect(gatewayServer, 'a server span on the gateway').toBeDefined();
    const trace = spans.filter((span) => span.spanContext().traceId === gatewayServer!.spanContext().traceId);
    const registryServer = trace.find(
      (span) => span.kind === 1 /* SERVER */ && serverPort(span) === portOf(registryUrl),
    );
    expect(registryServer, "the registry's server span in the gateway's trace").toBeDefined();
    const names = trace.map((span) => span.name);
    // The gateway's own spans (Apollo Gateway reports through the global tracer) and the
    // subgraph's execution of the fetch the gateway planned.
    expect(names).toEqual(expect.arrayContaining(['gateway.request', 'gateway.plan', 'gateway.fetch']));
    expect(names).toContain('query TracedModels__registry__0');
    expect(trace.some((span) => span.attributes['db.system'] === 'postgresql')).toBe(true);
  });
});
