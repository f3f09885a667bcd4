import type { SubgraphConfig } from '@cairn/config';
import type { ServiceMetrics } from '@cairn/service-metrics';
import type { BaseContext, SubgraphModule } from '@cairn/subgraph-kit';
import type { DataSource } from 'typeorm';
import { TeamDirectory } from '../access/team-directory';
import { AddressPolicy } from './address-policy';
import { SecretSeal } from './secret-seal';
import { WebhookDeliveryService } from './webhook-delivery.service';
import { WebhookDispatcher } from './webhook-dispatcher';
import { registerWebhookMetrics } from './webhook-metrics';
import { webhookOutboxConsumers } from './webhook-outbox';
import { WebhookSender } from './webhook-sender';
import { WebhookSubscriptionService } from './webhook-subscription.service';

export type WebhookConfig = Pick<
  SubgraphConfig,
  | 'WEBHOOK_ALLOWED_HOSTS'
  | 'WEBHOOK_MAX_ATTEMPTS'
  | 'WEBHOOK_RETRY_BASE_DELAY_MS'
  | 'WEBHOOK_RETRY_MAX_DELAY_MS'
  | 'WEBHOOK_TIMEOUT_MS'
  | 'WEBHOOK_DISABLE_AFTER_FAILURES'
  | 'WEBHOOK_SECRET_ROTATION_GRACE_HOURS'
  | 'WEBHOOK_DISPATCH_INTERVAL_MS'
  | 'WEBHOOK_SECRET_KEY'
>;

/** Subscriptions, their delivery log, and the dispatcher the periodic job runs. */
export function createWebhookServices(dataSource: DataSource, config: WebhookConfig) {
  const policy = new AddressPolicy(config.WEBHOOK_ALLOWED_HOSTS);
  const seal = new SecretSeal(config.WEBHOOK_SECRET_KEY);
  const webhooks = new WebhookSubscriptionService(dataSource, new TeamDirectory(dataSource), policy, seal, {
    rotationGraceHours: config.WEBHOOK_SECRET_ROTATION_GRACE_HOURS,
  });
  const webhookDispatcher = new WebhookDispatcher(
    dataSource,
    new WebhookSender(policy, config.WEBHOOK_TIMEOUT_MS),
    seal,
    {
      maxAttempts: config.WEBHOOK_MAX_ATTEMPTS,
      baseDelayMs: config.WEBHOOK_RETRY_BASE_DELAY_MS,
      maxDelayMs: config.WEBHOOK_RETRY_MAX_DELAY_MS,
      timeoutMs: config.WEBHOOK_TIMEOUT_MS,
      disableAfterFailures: config.WEBHOOK_DISABLE_AFTER_FAILURES,
    },
  );
  return {
    webhooks,
    webhookDeliveries: new WebhookDeliveryService(dataSource, webhooks),
    /** How often the `webhook-dispatch` job runs. */
    webhookDispatchIntervalMs: config.WEBHOOK_DISPATCH_INTERVAL_MS,
    webhookDispatcher,
    /** Deliveries by outcome and the outbox backlog, on `/metrics`. */
    registerWebhookMetrics: (metrics: ServiceMetrics) =>
      registerWebhookMetrics(metrics, webhookDispatcher, dataSource),
  };
}

/** Adds the consumers that turn governance's and the registry's events into outbox rows. */
export function withWebhookOutbox<C extends BaseContext>(module: SubgraphModule<C>): SubgraphModule<C> {
  return {
    ...module,
    wire(dataSource, config) {
      const wiring = module.wire(dataSource, config);
      return { ...wiring, consumers: [...(wiring.consumers ?? []), ...webhookOutboxConsumers(dataSource)] };
    },
  };
}
