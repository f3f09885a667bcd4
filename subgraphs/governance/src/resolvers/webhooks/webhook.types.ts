import { ConnectionType } from '@cairn/subgraph-kit';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { DeliveryWithAttempts } from '../../services/webhooks/webhook-delivery.service';
import { createWebhookRules, updateWebhookRules } from '../../services/webhooks/webhook-input-rules';
import type { WebhookSubscriptionRow } from '../../services/webhooks/webhook-store';

export const WebhookDeliveryStatus = {
  PENDING: 'PENDING',
  SUCCEEDED: 'SUCCEEDED',
  FAILED: 'FAILED',
  CANCELLED: 'CANCELLED',
} as const;
export type WebhookDeliveryStatus = (typeof WebhookDeliveryStatus)[keyof typeof WebhookDeliveryStatus];
registerEnumType(WebhookDeliveryStatus, {
  name: 'WebhookDeliveryStatus',
  description:
    'PENDING: being attempted (or waiting for a retry); SUCCEEDED: a 2xx answer; FAILED: every attempt failed; CANCELLED: its subscription was deleted first.',
});

@ObjectType({ description: 'Signed HTTP calls to a team’s receiver for the event types it names.' })
export class WebhookSubscription {
  @Field(() => ID)
  id: string;

  @Field()
  team: string;

  @Field()
  url: string;

  @Field()
  description: string;

  @Field(() => [String], { description: 'e.g. governance.PromotionCompleted; see webhookEventTypes.' })
  eventTypes: string[];

  @Field({ description: 'False once disabled after repeated failures (see disabledReason) or deleted.' })
  enabled: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'Why Cairn stopped calling it; `enableWebhookSubscription` turns it back on.',
  })
  disabledReason: string | null;

  @Field(() => Date, { nullable: true })
  disabledAt: Date | null;

  @Field(() => Int, { description: 'Deliveries in a row that failed every attempt (0 after a success).' })
  consecutiveFailures: number;

  @Field(() => Date, {
    nullable: true,
    description: 'After a rotation, the previous secret also signs until then.',
  })
  previousSecretValidUntil: Date | null;

  @Field()
  createdBy: string;

  @Field()
  createdAt: Date;

  @Field()
  updatedAt: Date;
}

export function webhookSubscriptionOf(row: WebhookSubscriptionRow): WebhookSubscription {
  return {
    id: row.id,
    team: row.team_slug,
    url: row.url,
    description: row.description,
    eventTypes: row.event_types,
    enabled: row.enabled,
    disabledReason: row.disabled_reason,
    disabledAt: row.disabled_at,
    consecutiveFailures: row.consecutive_failures,
    previousSecretValidUntil: row.previous_secret_valid_until,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

@ObjectType()
export class WebhookSubscriptionWithSecret {
  @Field(() => WebhookSubscription)
  subscription: WebhookSubscription;

  @Field({
    description:
      'The signing secret (`whsec_…`), shown this once: configure it in the receiver to verify `webhook-signature`.',
  })
  secret: string;
}

@ObjectType({ description: 'One HTTP attempt at a delivery.' })
export class WebhookDeliveryAttempt {
  @Field(() => Int)
  attempt: number;

  @Field()
  attemptedAt: Date;

  @Field(() => Int)
  durationMs: number;

  @Field(() => Int, {
    nullable: true,
    description: 'Null when no answer came (refused, timed out, connection failed).',
  })
  statusCode: number | null;

  @Field(() => String, { nullable: true })
  error: string | null;

  @Field(() => String, { nullable: true, description: 'The first 1 KiB of the answer.' })
  responseSnippet: string | null;
}

@ObjectType({ description: 'One event sent (or to be sent) to one subscription.' })
export class WebhookDelivery {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  subscriptionId: string;

  @Field(() => ID, { description: 'The event in its log.' })
  eventId: string;

  @Field()
  eventType: string;

  @Field({ description: 'The `webhook-id` header; the same for a redelivery of the same event.' })
  messageId: string;

  @Field(() => WebhookDeliveryStatus)
  status: WebhookDeliveryStatus;

  @Field(() => Int)
  attempts: number;

  @Field(() => Date, { nullable: true, description: 'When it is tried next (PENDING only).' })
  nextAttemptAt: Date | null;

  @Field(() => Int, { nullable: true })
  lastStatusCode: number | null;

  @Field(() => String, { nullable: true })
  lastError: string | null;

  @Field(() => ID, { nullable: true, description: 'The delivery this one repeats (manual redelivery).' })
  redeliveryOf: string | null;

  @Field(() => String, { nullable: true })
  requestedBy: string | null;

  @Field()
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  finishedAt: Date | null;

  @Field(() => [WebhookDeliveryAttempt])
  attemptLog: WebhookDeliveryAttempt[];
}

export function webhookDeliveryOf(row: DeliveryWithAttempts): WebhookDelivery {
  return {
    id: row.id,
    subscriptionId: row.subscription_id,
    eventId: row.event_id,
    eventType: row.event_type,
    messageId: row.message_id,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastStatusCode: row.last_status_code,
    lastError: row.last_error,
    redeliveryOf: row.redelivery_of,
    requestedBy: row.requested_by,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
    attemptLog: row.attemptLog.map((a) => ({
      attempt: a.attempt,
      attemptedAt: a.attempted_at,
      durationMs: a.duration_ms,
      statusCode: a.status_code,
      error: a.error,
      responseSnippet: a.response_snippet,
    })),
  };
}

export const WebhookDeliveryConnection = ConnectionType(
  WebhookDelivery,
  'WebhookDelivery',
  'How many deliveries of the subscription match the filter.',
);

@InputType()
export class CreateWebhookSubscriptionInput {
  static readonly schema = createWebhookRules;

  @Field({ description: 'Team slug.' })
  team: string;

  @Field({
    description: 'http or https; a private or loopback address only if the server’s allow-list permits it.',
  })
  url: string;

  @Field(() => [String])
  eventTypes: string[];

  @Field(() => String, { nullable: true })
  description?: string | null;
}

@InputType()
export class UpdateWebhookSubscriptionInput {
  static readonly schema = updateWebhookRules;

  @Field(() => ID)
  id: string;

  @Field(() => String, { nullable: true })
  url?: string | null;

  @Field(() => [String], { nullable: true })
  eventTypes?: string[] | null;

  @Field(() => String, { nullable: true })
  description?: string | null;
}
