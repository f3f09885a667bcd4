import { existsSync } from 'node:fs';
import path from 'node:path';
import { DEV_TOOL_CLIENT } from '@cairn/dev-idp';
import { migrateAll, type RunningStack, startStack } from '@cairn/stack';
import { clientCredentialsToken, createTestDatabase, postGraphQL } from '@cairn/testing';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardExpressions, declaredNames, metricNames, REPO_ROOT, readRules } from './prometheus-rules';

/** `/metrics` on a started stack: scraped before and after real operations, so the counters must move. */

const METRICS_TOKEN = 'metrics-token-for-the-test-0123';
let stack: RunningStack;
let toolToken: string;

type Sample = { name: string; labels: Record<string, string>; value: number };

function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const [, name, value] of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) {
      labels[name!] = value!;
    }
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

/** The sum of a metric's samples whose labels include `labels`. */
function sampleSum(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  return samples
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);
}

function metricsUrl(serviceUrl: string): string {
  return new URL('/metrics', serviceUrl).toString();
}

async function scrape(serviceUrl: string): Promise<Sample[]> {
  const response = await fetch(metricsUrl(serviceUrl), {
    headers: { authorization: `Bearer ${METRICS_TOKEN}` },
  });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  return parseExposition(await response.text());
}

function gateway(query: string, token: string | null = toolToken) {
  return postGraphQL(stack.gatewayUrl, { query }, token ? { authorization: `Bearer ${token}` } : {});
}

beforeAll(async () => {
  const db = await createTestDatabase();
  await migrateAll(db.url);
  stack = await startStack({
    databaseUrl: db.serviceUrl,
    env: { NODE_ENV: 'test', EVENT_POLL_INTERVAL_MS: '100', METRICS_TOKEN },
    ephemeralPorts: true,
    logger: pino({ level: 'silent' }),
  });
  toolToken = await clientCredentialsToken(stack.issuer, DEV_TOOL_CLIENT);
}, 120_000);

afterAll(() => stack?.stop());

describe('/metrics', () => {
  it('refuses a scrape without the metrics token', async () => {
    for (const url of [stack.gatewayUrl, stack.subgraphUrls.registry]) {
      const response = await fetch(metricsUrl(url));
      expect(response.status).toBe(401);
      const wrong = await fetch(metricsUrl(url), { headers: { authorization: 'Bearer wrong-token' } });
      expect(wrong.status).toBe(401);
    }
  });

  it('counts a named operation, its latency and outcome on the gateway and on the subgraph it reached', async () => {
    const ok = { operation: 'MetricsProbe', root_field: 'models', outcome: 'ok' };
    const before = await scrape(stack.gatewayUrl);
    const registryBefore = await scrape(stack.subgraphUrls.registry);

    const result = await gateway('query MetricsProbe { models(first: 1) { totalCount } }');
    expect(result.errors).toBeUndefined();

    const after = await scrape(stack.gatewayUrl);
    expect(sampleSum(after, 'cairn_graphql_requests_total', { ...ok, service: 'gateway' })).toBe(
      sampleSum(before, 'cairn_graphql_requests_total', ok) + 1,
    );
    const probe = { operation: 'MetricsProbe', root_field: 'models' };
    expect(sampleSum(after, 'cairn_graphql_request_duration_seconds_count', probe)).toBe(
      sampleSum(before, 'cairn_graphql_request_duration_seconds_count', probe) + 1,
    );
    expect(sampleSum(after, 'cairn_graphql_request_duration_seconds_bucket', { ...probe, le: '+Inf' })).toBe(
      sampleSum(before, 'cairn_graphql_request_duration_seconds_bucket', { ...probe, le: '+Inf' }) + 1,
    );

    // The gateway names its fetch `MetricsProbe__registry__0`; the subgraph counts it under the client's name.
    const registryAfter = await scrape(stack.subgraphUrls.registry);
    expect(sampleSum(registryAfter, 'cairn_graphql_requests_total', { ...ok, service: 'registry' })).toBe(
      sampleSum(registryBefore, 'cairn_graphql_requests_total', ok) + 1,
    );
  });

  it('counts anonymous operations, errors and refused callers under bounded labels', async () => {
    const before = await scrape(stack.gatewayUrl);
    const missing = await gateway('{ modelVersion(id: "00000000-0000-4000-8000-000000000000") { id } }');
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const refused = await gateway('query Refused { models(first: 1) { totalCount } }', null);
    expect(refused.status).toBe(401);
    const after = await scrape(stack.gatewayUrl);

    const delta = (name: string, labels: Record<string, string>) =>
      sampleSum(after, name, labels) - sampleSum(before, name, labels);
    expect(
      delta('cairn_graphql_requests_total', {
        operation: 'other',
        root_field: 'modelVersion',
        outcome: 'client_error',
      }),
    ).toBe(1);
    expect(
      delta('cairn_graphql_requests_total', {
        operation: 'other',
        root_field: 'other',
        outcome: 'client_error',
      }),
    ).toBe(1);
    expect(delta('cairn_graphql_errors_total', { code: 'NOT_FOUND' })).toBe(1);
    expect(delta('cairn_graphql_errors_total', { code: 'UNAUTHENTICATED' })).toBe(1);
    expect(after.some((s) => s.labels.operation === 'Refused')).toBe(false);
    expect(delta('cairn_graphql_requests_total', { outcome: 'server_error' })).toBe(0);
  });

  it('reports the database pool, event consumers, webhook deliveries and the process', async () => {
    const registry = await scrape(stack.subgraphUrls.registry);
    expect(sampleSum(registry, 'cairn_db_pool_max_connections', { service: 'registry' })).toBe(10);
    expect(sampleSum(registry, 'cairn_db_pool_connections')).toBeGreaterThan(0);
    expect(registry.some((s) => s.name === 'cairn_db_pool_waiting_clients')).toBe(true);
    const consumers = registry.filter((s) => s.name === 'cairn_event_consumer_lag_events');
    expect(consumers.length).toBeGreaterThan(0);
    expect(registry.filter((s) => s.name === 'cairn_event_consumer_quarantined_events')).toHaveLength(
      consumers.length,
    );
    expect(sampleSum(registry, 'cairn_event_consumer_readable')).toBe(consumers.length);
    expect(sampleSum(registry, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);

    const governance = await scrape(stack.subgraphUrls.governance);
    for (const outcome of ['succeeded', 'retrying', 'failed', 'disabled']) {
      expect(
        governance.some(
          (s) => s.name === 'cairn_webhook_delivery_attempts_total' && s.labels.outcome === outcome,
        ),
      ).toBe(true);
    }
    expect(sampleSum(governance, 'cairn_webhook_deliveries_due')).toBe(0);
    expect(
      governance.some(
        (s) => s.name === 'cairn_event_consumer_lag_events' && s.labels.service === 'governance',
      ),
    ).toBe(true);
  });

  it('is what the Prometheus rules and the Grafana dashboard in deploy/ select, and every alert has a severity and a runbook', async () => {
    const exported = new Set(['up']);
    for (const url of [stack.gatewayUrl, ...Object.values(stack.subgraphUrls)]) {
      const response = await fetch(metricsUrl(url), {
        headers: { authorization: `Bearer ${METRICS_TOKEN}` },
      });
      for (const name of declaredNames(await response.text())) exported.add(name);
    }
    const rules = readRules();
    const recorded = new Set(rules.flatMap((rule) => (rule.record ? [rule.record] : [])));
    const unknown = rules.flatMap((rule) =>
      [...metricNames(rule.expr)]
        .filter((name) => !exported.has(name) && !recorded.has(name))
        .map((name) => `${rule.alert ?? rule.record}: ${name}`),
    );
    const onDashboard = dashboardExpressions();
    expect(onDashboard.length).toBeGreaterThan(0);
    const unknownOnDashboard = onDashboard.flatMap(({ panel, expr }) =>
      [...metricNames(expr)]
        .filter((name) => !exported.has(name) && !recorded.has(name))
        .map((name) => `${panel}: ${name}`),
    );
    expect([...unknown, ...unknownOnDashboard]).toEqual([]);
    expect(recorded.size).toBeGreaterThan(0);

    const alerts = rules.filter((rule) => rule.alert);
    expect(alerts.length).toBeGreaterThan(0);
    for (const alert of alerts) {
      expect(['page', 'ticket'], alert.alert).toContain(alert.labels?.severity);
      expect(alert.annotations?.summary, alert.alert).toBeTruthy();
      expect(alert.annotations?.description, alert.alert).toBeTruthy();
      const runbook = alert.annotations?.runbook_url ?? '';
      expect(runbook, alert.alert).toMatch(/^docs\/runbooks\/[\w-]+\.md$/);
      expect(existsSync(path.join(REPO_ROOT, runbook)), `${alert.alert}: ${runbook}`).toBe(true);
    }
  });
});
