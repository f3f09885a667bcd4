import { operations } from '@cairn/sdk';
import { clientFromConfig } from '../config';
import { cliError } from '../exit-codes';
import type { Output } from '../output';

type Subscription = operations.WebhookSubscriptionSummaryFragment;
type Delivery = operations.WebhookDeliverySummaryFragment;

const DELIVERY_STATUSES = ['PENDING', 'SUCCEEDED', 'FAILED', 'CANCELLED'] as const;

const describeSubscription = (s: Subscription) =>
  [
    `${s.id}  ${s.enabled ? 'enabled' : 'DISABLED'}  ${s.url}`,
    `  team ${s.team}; events: ${s.eventTypes.join(', ')}`,
    ...(s.description ? [`  ${s.description}`] : []),
    ...(s.enabled ? [] : [`  disabled: ${s.disabledReason ?? 'by its owners'}`]),
    ...(s.consecutiveFailures > 0 ? [`  ${s.consecutiveFailures} failed deliveries in a row`] : []),
  ].join('\n');

const describeDelivery = (d: Delivery) =>
  `${d.id}  ${d.status}  ${d.eventType}  ${d.attempts} attempt(s)` +
  (d.lastStatusCode ? `, last HTTP ${d.lastStatusCode}` : '') +
  (d.lastError ? `, ${d.lastError}` : '') +
  (d.nextAttemptAt ? `; next at ${d.nextAttemptAt}` : '');

/** `cairn webhooks list <team>`. */
export async function webhooksList(team: string, out: Output) {
  const client = await clientFromConfig();
  const { webhookSubscriptions } = await client.execute(operations.WebhookSubscriptionsDocument, { team });
  out.result(webhookSubscriptions, () =>
    webhookSubscriptions.length === 0
      ? `team ${team} has no webhook subscriptions`
      : webhookSubscriptions.map(describeSubscription).join('\n'),
  );
}

/** `cairn webhooks events`: the event types a subscription may name. */
export async function webhooksEvents(out: Output) {
  const client = await clientFromConfig();
  const { webhookEventTypes } = await client.execute(operations.WebhookEventTypesDocument, {});
  out.result(webhookEventTypes, () => webhookEventTypes.join('\n'));
}

/** `cairn webhooks create <team> <url> --events a,b`: prints the signing secret, once. */
export async function webhooksCreate(
  team: string,
  url: string,
  options: { events: string; description?: string },
  out: Output,
) {
  const eventTypes = options.events
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  if (eventTypes.length === 0) throw cliError('USAGE', '--events names at least one event type');
  const client = await clientFromConfig();
  const { createWebhookSubscription } = await client.execute(operations.CreateWebhookSubscriptionDocument, {
    input: { team, url, eventTypes, description: options.description },
  });
  const { subscription, secret } = createWebhookSubscription;
  out.result(createWebhookSubscription, () =>
    [
      describeSubscription(subscription),
      `  signing secret (shown once, keep it with the receiver): ${secret}`,
    ].join('\n'),
  );
}

/** `cairn webhooks delete|enable|rotate <id>`. */
export async function webhooksChange(action: 'delete' | 'enable' | 'rotate', id: string, out: Output) {
  const client = await clientFromConfig();
  if (action === 'rotate') {
    const { rotateWebhookSecret } = await client.execute(operations.RotateWebhookSecretDocument, { id });
    out.result(rotateWebhookSecret, () =>
      [
        describeSubscription(rotateWebhookSecret.subscription),
        `  new signing secret (shown once): ${rotateWebhookSecret.secret}`,
      ].join('\n'),
    );
    return;
  }
  const subscription =
    action === 'delete'
      ? (await client.execute(operations.DeleteWebhookSubscriptionDocument, { id })).deleteWebhookSubscription
      : (await client.execute(operations.EnableWebhookSubscriptionDocument, { id }))
          .enableWebhookSubscription;
  out.result(subscription, () => describeSubscription(subscription));
}

/** `cairn webhooks deliveries <subscription-id> [--status FAILED]`: the delivery log, newest first. */
export async function webhooksDeliveries(subscriptionId: string, options: { status?: string }, out: Output) {
  const status = options.status?.toUpperCase();
  if (status && !(DELIVERY_STATUSES as readonly string[]).includes(status)) {
    throw cliError('USAGE', `--status is one of ${DELIVERY_STATUSES.join(', ')}`);
  }
  const client = await clientFromConfig();
  const { webhookDeliveries } = await client.execute(operations.WebhookDeliveriesDocument, {
    subscriptionId,
    status: status as operations.WebhookDeliveryStatus | undefined,
    first: 100,
  });
  const deliveries = webhookDeliveries.edges.map((edge) => edge.node);
  out.result({ totalCount: webhookDeliveries.totalCount, deliveries }, () =>
    deliveries.length === 0 ? 'no deliveries' : deliveries.map(describeDelivery).join('\n'),
  );
}

/** `cairn webhooks redeliver <delivery-id>`. */
export async function webhooksRedeliver(deliveryId: string, out: Output) {
  const client = await clientFromConfig();
  const { redeliverWebhook } = await client.execute(operations.RedeliverWebhookDocument, { deliveryId });
  out.result(redeliverWebhook, () => describeDelivery(redeliverWebhook));
}
