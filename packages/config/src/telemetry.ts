import { z } from 'zod';
import { bool, secret } from './load';

/** `key=value,key=value`, as OTEL_EXPORTER_OTLP_HEADERS is written; values may be URL-encoded. */
const otlpHeaders = z
  .string()
  .optional()
  .transform((text, ctx) => {
    if (text === undefined || text.trim() === '') return {};
    const headers: Record<string, string> = {};
    for (const pair of text.split(',')) {
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      if (at <= 0 || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
        ctx.addIssue({ code: 'custom', message: 'must be "name=value" pairs separated by commas' });
        return z.NEVER;
      }
      try {
        headers[name.toLowerCase()] = decodeURIComponent(pair.slice(at + 1).trim());
      } catch {
        ctx.addIssue({ code: 'custom', message: `the value of ${name} is not valid URL encoding` });
        return z.NEVER;
      }
    }
    return headers;
  });

/** An empty value counts as unset, as compose writes `${VAR:-}` for an optional variable. */
const unsetIfEmpty = (value: unknown) => (value === '' ? undefined : value);

/**
 * Metrics and traces, read by the gateway and every subgraph.
 *
 * `/metrics` is served on the service's own port (where HOST binds it); METRICS_TOKEN makes it
 * ask for a bearer token, for a port that more than the scraper can reach (the gateway's).
 * Traces are off unless OTEL_EXPORTER_OTLP_ENDPOINT names an OTLP/HTTP collector.
 */
export const telemetryKeys = {
  METRICS_ENABLED: bool(true),
  METRICS_TOKEN: secret(
    'METRICS_TOKEN',
    z.preprocess(unsetIfEmpty, z.string().min(16, 'at least 16 characters').optional()),
  ),
  /** The collector's base URL; spans go to `<endpoint>/v1/traces` (OTLP/HTTP, protobuf). */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .url()
      .refine((url) => /^https?:\/\//.test(url), 'must be an http(s) URL')
      .optional(),
  ),
  /** Headers for the collector (e.g. `authorization=Bearer%20…`), written as OpenTelemetry does. */
  OTEL_EXPORTER_OTLP_HEADERS: secret('OTEL_EXPORTER_OTLP_HEADERS', otlpHeaders),
  /** The `service.name` of the spans; the service's own name (gateway, registry, …) when unset. */
  OTEL_SERVICE_NAME: z.string().min(1).max(100).optional(),
  /** Share of new traces recorded (a caller's sampled trace is always followed). */
  OTEL_TRACES_SAMPLE_RATIO: z.coerce.number().min(0).max(1).default(1),
};

export const telemetrySchema = z.object(telemetryKeys);
export type TelemetryConfig = z.infer<typeof telemetrySchema>;
