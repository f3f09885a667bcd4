import { isUuid } from '@cairn/database';
import { ConflictError, NotFoundError, PreconditionFailedError, parseInput } from '@cairn/errors';
import { actorOf, type Principal } from '@cairn/identity';
import { type Connection, cursorCodec, cursorParts, pageArgs, toConnection } from '@cairn/subgraph-kit';
import type { DataSource } from 'typeorm';
import { deliveryListRules } from './webhook-input-rules';
import {
  attemptsOf,
  DELIVERY_COLUMNS,
  deliveryById,
  type WebhookAttemptRow,
  type WebhookDeliveryRow,
} from './webhook-store';
import { assertManagesSome, type WebhookSubscriptionService } from './webhook-subscription.service';

const DELIVERY_CURSOR = cursorCodec('webhook-delivery', cursorParts.uuid);

export interface DeliveryWithAttempts extends WebhookDeliveryRow {
  attemptLog: WebhookAttemptRow[];
}

/** The delivery log of a subscription, and manual redelivery. */
export class WebhookDeliveryService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly subscriptions: WebhookSubscriptionService,
  ) {}

  /** Newest first, each with its attempts; optionally only those with one status. */
  async page(
    actor: Principal,
    args: { subscriptionId: string; status?: string | null; first?: number | null; after?: string | null },
  ): Promise<Connection<DeliveryWithAttempts>> {
    const { subscriptionId, status } = parseInput(deliveryListRules, args);
    const { first, after } = pageArgs(args, DELIVERY_CURSOR);
    const subscription = await this.subscriptions.readable(actor, subscriptionId);
    const filter = [subscription.id, status ?? null];
    const rows: WebhookDeliveryRow[] = await this.dataSource.query(
      `/* pageWebhookDeliveries */ SELECT ${DELIVERY_COLUMNS} FROM governance.webhook_delivery
        WHERE subscription_id = $1 AND ($2::text IS NULL OR status = $2)
          AND ($3::uuid IS NULL OR (created_at, id) < (SELECT created_at, id FROM governance.webhook_delivery WHERE id = $3))
        ORDER BY created_at DESC, id DESC LIMIT $4`,
      [...filter, after, first + 1],
    );
    const [{ n }] = await this.dataSource.query(
      `/* countWebhookDeliveries */ SELECT count(*)::int AS n FROM governance.webhook_delivery
        WHERE subscription_id = $1 AND ($2::text IS NULL OR status = $2)`,
      filter,
    );
    const attempts = await attemptsOf(
      this.dataSource.manager,
      rows.slice(0, first).map((r) => r.id),
    );
    return toConnection(
      rows,
      first,
      n,
      (row) => DELIVERY_CURSOR.encode(row.id),
      (row) => ({ ...row, attemptLog: attempts.filter((a) => a.delivery_id === row.id) }),
    );
  }

  /**
   * Sends a delivery's message again, as a new delivery with the same `webhook-id` (receivers
   * that de-duplicate by it see the same message) and a fresh set of attempts.
   */
  async redeliver(actor: Principal, deliveryId: string): Promise<DeliveryWithAttempts> {
    assertManagesSome(actor);
    return this.dataSource.transaction(async (manager) => {
      const original = isUuid(deliveryId) ? await deliveryById(manager, deliveryId.toLowerCase()) : null;
      if (!original) throw new NotFoundError('WebhookDelivery', deliveryId);
      // NOT_FOUND for a subscription of another team, exactly as for an unknown delivery.
      const subscription = await this.subscriptions
        .manageable(actor, manager, original.subscription_id)
        .catch((error) => {
          if (error instanceof NotFoundError) throw new NotFoundError('WebhookDelivery', deliveryId);
          throw error;
        });
      if (!subscription.enabled) {
        throw new PreconditionFailedError('The subscription is disabled: enable it before redelivering', {
          disabledReason: subscription.disabled_reason,
        });
      }
      if (original.status === 'PENDING') {
        throw new ConflictError('The delivery is still being attempted; wait for its outcome');
      }
      const [row]: WebhookDeliveryRow[] = await manager.query(
        `/* redeliverWebhook */ INSERT INTO governance.webhook_delivery
            (subscription_id, event_id, event_type, message_id, payload, next_attempt_at, redelivery_of, requested_by)
         SELECT subscription_id, event_id, event_type, message_id, payload, clock_timestamp(), id, $2
           FROM governance.webhook_delivery WHERE id = $1
         RETURNING ${DELIVERY_COLUMNS}`,
        [original.id, actorOf(actor)],
      );
      return { ...row!, attemptLog: [] };
    });
  }
}
