import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * One process's own metrics (CPU, memory, event loop, GC, handles). Collected once per
 * process: `npm start` and the tests run several services in one process, and each
 * `collectDefaultMetrics` call starts its own event-loop monitor and GC observer that nothing
 * stops. Every service's `/metrics` shows them, as they describe the process serving it.
 */
let processRegistry: Registry | undefined;

function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/**
 * The metrics of one service: its own registry (never prom-client's global one, which several
 * services in one process would fight over), labelled with the service's name.
 */
export class ServiceMetrics {
  readonly registry = new Registry();

  constructor(readonly service: string) {}

  /** The Prometheus text exposition of the service's metrics and its process's. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    const merged = Registry.merge([this.registry, processMetrics()]);
    merged.setDefaultLabels({ service: this.service });
    return { contentType: merged.contentType, body: await merged.metrics() };
  }
}

/**
 * Runs `read` at most once per `ttlMs` and shares the answer: several gauges filled from one
 * query (consumer health, the webhook backlog) are collected in parallel during one scrape, and
 * each would otherwise run it again.
 */
export function sharedReading<T>(read: () => Promise<T>, ttlMs = 1000): () => Promise<T> {
  let last: { at: number; value: Promise<T> } | undefined;
  return () => {
    const now = Date.now();
    if (!last || now - last.at >= ttlMs) {
      const value = read();
      last = { at: now, value };
      // A failed reading is not reused: the next scrape asks again.
      value.catch(() => {
        if (last?.value === value) last = undefined;
      });
    }
    return last.value;
  };
}
