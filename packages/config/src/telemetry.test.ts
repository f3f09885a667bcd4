import { describe, expect, it } from 'vitest';
import { gatewaySchema, subgraphSchema } from './schemas';
import { telemetrySchema } from './telemetry';

describe('telemetry settings', () => {
  it('serves /metrics without a token and sends no traces by default', () => {
    const config = telemetrySchema.parse({});
    expect(config).toMatchObject({ METRICS_ENABLED: true, OTEL_TRACES_SAMPLE_RATIO: 1 });
    expect(config.METRICS_TOKEN).toBeUndefined();
    expect(config.OTEL_EXPORTER_OTLP_ENDPOINT).toBeUndefined();
    expect(config.OTEL_EXPORTER_OTLP_HEADERS).toEqual({});
  });

  it('takes an empty value for unset, as compose passes optional variables', () => {
    const config = telemetrySchema.parse({ METRICS_TOKEN: '', OTEL_EXPORTER_OTLP_ENDPOINT: '' });
    expect(config.METRICS_TOKEN).toBeUndefined();
    expect(config.OTEL_EXPORTER_OTLP_ENDPOINT).toBeUndefined();
  });

  it('reads OTLP headers written as OpenTelemetry writes them', () => {
    const config = telemetrySchema.parse({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'https://collector.example:4318',
      OTEL_EXPORTER_OTLP_HEADERS: 'Authorization=Bearer%20abc, x-tenant=cairn',
    });
    expect(config.OTEL_EXPORTER_OTLP_HEADERS).toEqual({ authorization: 'Bearer abc', 'x-tenant': 'cairn' });
  });

  it.each([
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }, 'OTEL_EXPORTER_OTLP_ENDPOINT'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'grpc://collector:4317' }, 'OTEL_EXPORTER_OTLP_ENDPOINT'],
    [{ OTEL_EXPORTER_OTLP_HEADERS: 'no-equals-sign' }, 'OTEL_EXPORTER_OTLP_HEADERS'],
    [{ OTEL_EXPORTER_OTLP_HEADERS: 'a=%E0%A4%A' }, 'OTEL_EXPORTER_OTLP_HEADERS'],
    [{ OTEL_TRACES_SAMPLE_RATIO: '1.5' }, 'OTEL_TRACES_SAMPLE_RATIO'],
    [{ METRICS_TOKEN: 'short' }, 'METRICS_TOKEN'],
  ])('refuses %o', (env, key) => {
    const result = telemetrySchema.safeParse(env);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path[0])).toContain(key);
  });

  it('is part of the gateway and every subgraph configuration', () => {
    const env = { NODE_ENV: 'test', METRICS_ENABLED: 'false', OTEL_TRACES_SAMPLE_RATIO: '0.25' };
    expect(gatewaySchema.parse(env)).toMatchObject({
      METRICS_ENABLED: false,
      OTEL_TRACES_SAMPLE_RATIO: 0.25,
    });
    expect(subgraphSchema('lineage').parse(env)).toMatchObject({ METRICS_ENABLED: false });
  });
});
