import type { EntityManager } from 'typeorm';

export interface WebhookSubscriptionRow {
  id: string;
  team_slug: string;
  url: string;
  description: string;
  event_types: string[];
  enabled: boolean;
  disabled_reason: string | null;
  disabled_at: Date | null;
  consecutive_failures: number;
  previous_secret_valid_until: Date | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
}

export type DeliveryStatus = 'PENDING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';

export interface WebhookDeliveryRow {
  id: string;
  subscription_id: string;
  event_id: string;
  event_type: string;
  message_id: string;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: Date | null;
  last_status_code: number | null;
  last_error: string | null;
  redelivery_of: string | null;
  requested_by: string | null;
  created_at: Date;
  finished_at: Date | null;
}

export interface WebhookAttemptRow {
  delivery_id: string;
  attempt: number;
  attempted_at: Date;
  duration_ms: number;
  status_code: number | null;
  error: string | null;
  response_snippet: string | null;
}

/** Never the secrets: they leave the table only to sign (`claimDue`) or once to their creator. */
export const SUBSCRIPTION_COLUMNS = `id, team_slug, url, description, event_types, enabled, disabled_reason,
  disabled_at, consecutive_failures, previous_secret_valid_until, created_by, created_at, updated_at`;

export const DELIVERY_COLUMNS = `id, subscription_id, event_id, event_type, message_id, status, attempts,
  next_attempt_at, last_status_code, last_error, redelivery_of, requested_by, created_at, finished_at`;

export async function subscriptionById(
  manager: EntityManager,
  id: string,
  options: { lock?: boolean } = {},
): Promise<WebhookSubscriptionRow | null> {
  const [row] = await manager.query(
    `/* selectWebhookSubscription */ SELECT ${SUBSCRIPTION_COLUMNS} FROM governance.webhook_subscription
      WHERE id = $1 AND deleted_at IS NULL ${options.lock ? 'FOR UPDATE' : ''}`,
    [id],
  );
  return row ?? null;
}

export async function deliveryById(manager: EntityManager, id: string): Promise<WebhookDeliveryRow | null> {
  const [row] = await manager.query(
    `/* selectWebhookDelivery */ SELECT ${DELIVERY_COLUMNS} FROM governance.webhook_delivery WHERE id = $1`,
    [id],
  );
  return row ?? null;
}

export async function attemptsOf(
  manager: EntityManager,
  deliveryIds: string[],
): Promise<WebhookAttemptRow[]> {
  return manager.query(
    `/* selectWebhookAttempts */ SELECT delivery_id, attempt, attempted_at, duration_ms, status_code, error,
            response_snippet
       FROM governance.webhook_attempt WHERE delivery_id = ANY($1::uuid[]) ORDER BY delivery_id, attempt`,
    [deliveryIds],
  );
}

/** One outbox row per event and active subscription of its team that asked for its type. */
export interface OutboxEntry {
  eventId: string;
  type: string;
  team: string;
  occurredAt: Date;
  body: string;
}

/**
 * Writes the outbox rows of a batch of events. Only subscriptions created before the event hear
 * of it, so a subscription made while the consumer is behind is not sent older history. A
 * replayed event adds nothing (the unique index on subscription and event).
 */
export async function enqueueDeliveries(manager: EntityManager, entries: OutboxEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await manager.query(
    `/* enqueueWebhookDeliveries */ INSERT INTO governance.webhook_delivery
        (subscription_id, event_id, event_type, message_id, payload, next_attempt_at)
     SELECT s.id, e.event_id, e.type, 'msg_' || replace(e.event_id::text, '-', ''), e.body, clock_timestamp()
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[], $5::jsonb[])
            AS e(event_id, type, team, occurred_at, body)
       JOIN governance.webhook_subscription s
         ON s.team_slug = e.team AND e.type = ANY (s.event_types)
        AND s.enabled AND s.deleted_at IS NULL AND s.created_at <= e.occurred_at
     ON CONFLICT (subscription_id, event_id) WHERE redelivery_of IS NULL DO NOTHING`,
    [
      entries.map((e) => e.eventId),
      entries.map((e) => e.type),
      entries.map((e) => e.team),
      entries.map((e) => e.occurredAt),
      entries.map((e) => e.body),
    ],
  );
}

export interface ClaimedDelivery {
  id: string;
  subscription_id: string;
  message_id: string;
  attempts: number;
  body: string;
  url: string;
  secret: string;
  previous_secret: string | null;
}

/**
 * Takes up to `limit` due deliveries of enabled subscriptions and moves their next attempt past
 * `leaseMs`, in a short transaction of its own: the HTTP calls then run with no transaction open
 * (an open one would hold back every event consumer's snapshot), and another replica skips the
 * rows meanwhile (SKIP LOCKED while claiming, the lease after). A process that dies mid-send
 * leaves its rows to be retried when the lease runs out.
 */
export async function claimDue(
  manager: EntityManager,
  limit: number,
  leaseMs: number,
): Promise<ClaimedDelivery[]> {
  // An UPDATE answers [rows, affected count].
  const [rows]: [ClaimedDelivery[], number] = await manager.query(
    `/* claimDueWebhookDeliveries */ WITH due AS (
       SELECT d.id FROM governance.webhook_delivery d
         JOIN governance.webhook_subscription s ON s.id = d.subscription_id
        WHERE d.status = 'PENDING' AND d.next_attempt_at <= clock_timestamp()
          AND s.enabled AND s.deleted_at IS NULL
        ORDER BY d.next_attempt_at
        LIMIT $1
        FOR UPDATE OF d SKIP LOCKED
     )
     UPDATE governance.webhook_delivery d
        SET next_attempt_at = clock_timestamp() + make_interval(secs => $2::double precision / 1000)
       FROM due, governance.webhook_subscription s
      WHERE d.id = due.id AND s.id = d.subscription_id
     RETURNING d.id, d.subscription_id, d.message_id, d.attempts, d.payload::text AS body, s.url, s.secret,
               CASE WHEN s.previous_secret_valid_until > clock_timestamp() THEN s.previous_secret END
                 AS previous_secret`,
    [limit, leaseMs],
  );
  return rows;
}
