import { randomBytes, randomUUID } from 'node:crypto';
import { isUuid } from '@cairn/database';
import { ForbiddenError, InvalidInputError, NotFoundError, parseInput } from '@cairn/errors';
import {
  actorOf,
  hasScope,
  hasTeamRole,
  hasTeamRoleAnywhere,
  type Principal,
  readsEverything,
} from '@cairn/identity';
import type { DataSource, EntityManager } from 'typeorm';
import { governanceEventLog } from '../../data-source';
import { GovernanceEvents } from '../../events';
import type { TeamDirectory } from '../access/team-directory';
import { type AddressPolicy, UnsafeWebhookTargetError } from './address-policy';
import type { SecretSeal } from './secret-seal';
import { createWebhookRules, updateWebhookRules } from './webhook-input-rules';
import { SUBSCRIPTION_COLUMNS, subscriptionById, type WebhookSubscriptionRow } from './webhook-store';

/** A subscription with its signing secret: answered once, by creation or rotation. */
export interface SubscriptionWithSecret {
  subscription: WebhookSubscriptionRow;
  secret: string;
}

/** Standard Webhooks secrets: `whsec_` and the base64 of the key (32 random bytes here). */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/**
 * A team's webhook subscriptions. Its maintainers (with the admin scope) manage them, platform
 * admins manage all; auditors read them. The secret is returned once and never logged or
 * published; it is stored sealed (`SecretSeal`), and only the dispatcher opens it, to sign.
 */
export class WebhookSubscriptionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly teams: TeamDirectory,
    private readonly policy: AddressPolicy,
    private readonly seal: SecretSeal,
    private readonly options: { rotationGraceHours: number },
  ) {}

  async create(actor: Principal, input: unknown): Promise<SubscriptionWithSecret> {
    const command = parseInput(createWebhookRules, input);
    assertManages(actor, command.team);
    await this.checkTarget(command.url);
    const secret = newWebhookSecret();
    // The id is the seal's associated data, so it is chosen before the row is written.
    const id = randomUUID();
    return this.dataSource.transaction(async (manager) => {
      await this.teams.assertExists(command.team, manager);
      const [row]: WebhookSubscriptionRow[] = await manager.query(
        `/* insertWebhookSubscription */ INSERT INTO governance.webhook_subscription
            (id, team_slug, url, description, event_types, secret, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${SUBSCRIPTION_COLUMNS}`,
        [
          id,
          command.team,
          command.url,
          command.description,
          command.eventTypes,
          this.seal.seal(secret, id),
          actorOf(actor),
        ],
      );
      await governanceEventLog.publish(manager, {
        type: GovernanceEvents.WebhookSubscriptionCreated,
        subjectId: row!.id,
        actor: actorOf(actor),
        payload: {
          subscriptionId: row!.id,
          teamSlug: row!.team_slug,
          url: row!.url,
          eventTypes: row!.event_types,
        },
      });
      return { subscription: row!, secret };
    });
  }

  async update(actor: Principal, input: unknown): Promise<WebhookSubscriptionRow> {
    const command = parseInput(updateWebhookRules, input);
    assertManagesSome(actor);
    if (command.url) await this.checkTarget(command.url);
    return this.dataSource.transaction(async (manager) => {
      const current = await this.manageable(actor, manager, command.id);
      // An UPDATE answers [rows, affected count].
      const [[row]]: [WebhookSubscriptionRow[], number] = await manager.query(
        `/* updateWebhookSubscription */ UPDATE governance.webhook_subscription
            SET url = $2, event_types = $3, description = $4, updated_at = clock_timestamp()
          WHERE id = $1 RETURNING ${SUBSCRIPTION_COLUMNS}`,
        [
          current.id,
          command.url ?? current.url,
          command.eventTypes ?? current.event_types,
          command.description ?? current.description,
        ],
      );
      await governanceEventLog.publish(manager, {
        type: GovernanceEvents.WebhookSubscriptionUpdated,
        subjectId: current.id,
        actor: actorOf(actor),
        payload: {
          subscriptionId: current.id,
          teamSlug: current.team_slug,
          url: row!.url,
          eventTypes: row!.event_types,
        },
      });
      return row!;
    });
  }

  /** Deliveries not yet sent are cancelled; the subscription's delivery log is kept. */
  async delete(actor: Principal, id: string): Promise<WebhookSubscriptionRow> {
    assertManagesSome(actor);
    return this.dataSource.transaction(async (manager) => {
      const current = await this.manageable(actor, manager, id);
      await manager.query(
        `/* deleteWebhookSubscription */ UPDATE governance.webhook_subscription
            SET deleted_at = clock_timestamp(), deleted_by = $2, enabled = false, updated_at = clock_timestamp()
          WHERE id = $1`,
        [current.id, actorOf(actor)],
      );
      await manager.query(
        `/* cancelWebhookDeliveries */ UPDATE governance.webhook_delivery
            SET status = 'CANCELLED', next_attempt_at = NULL, finished_at = clock_timestamp(),
                last_error = 'the subscription was deleted'
          WHERE subscription_id = $1 AND status = 'PENDING'`,
        [current.id],
      );
      await governanceEventLog.publish(manager, {
        type: GovernanceEvents.WebhookSubscriptionDeleted,
        subjectId: current.id,
        actor: actorOf(actor),
        payload: { subscriptionId: current.id, teamSlug: current.team_slug, url: current.url },
      });
      return { ...current, enabled: false };
    });
  }

  /**
   * Turns a subscription (disabled after failures) back on: its count of failures starts again
   * and its pending deliveries are due at once. The URL is checked again, as the allow-list or the
   * host's address may have changed.
   */
  async enable(actor: Principal, id: string): Promise<WebhookSubscriptionRow> {
    assertManagesSome(actor);
    return this.dataSource.transaction(async (manager) => {
      const current = await this.manageable(actor, manager, id);
      if (current.enabled) return current;
      await this.checkTarget(current.url);
      // An UPDATE answers [rows, affected count].
      const [[row]]: [WebhookSubscriptionRow[], number] = await manager.query(
        `/* enableWebhookSubscription */ UPDATE governance.webhook_subscription
            SET enabled = true, disabled_reason = NULL, disabled_at = NULL, consecutive_failures = 0,
                updated_at = clock_timestamp()
          WHERE id = $1 RETURNING ${SUBSCRIPTION_COLUMNS}`,
        [current.id],
      );
      await manager.query(
        `/* resumeWebhookDeliveries */ UPDATE governance.webhook_delivery SET next_attempt_at = clock_timestamp()
          WHERE subscription_id = $1 AND status = 'PENDING'`,
        [current.id],
      );
      await governanceEventLog.publish(manager, {
        type: GovernanceEvents.WebhookSubscriptionEnabled,
        subjectId: current.id,
        actor: actorOf(actor),
        payload: { subscriptionId: current.id, teamSlug: current.team_slug, url: current.url },
      });
      return row!;
    });
  }

  /** A new secret; the old one keeps signing beside it for the grace period, then stops. */
  async rotateSecret(actor: Principal, id: string): Promise<SubscriptionWithSecret> {
    assertManagesSome(actor);
    const secret = newWebhookSecret();
    return this.dataSource.transaction(async (manager) => {
      const current = await this.manageable(actor, manager, id);
      // An UPDATE answers [rows, affected count].
      const [[row]]: [WebhookSubscriptionRow[], number] = await manager.query(
        `/* rotateWebhookSecret */ UPDATE governance.webhook_subscription
            SET previous_secret = secret, secret = $2, updated_at = clock_timestamp(),
                previous_secret_valid_until = clock_timestamp() + make_interval(hours => $3)
          WHERE id = $1 RETURNING ${SUBSCRIPTION_COLUMNS}`,
        [current.id, this.seal.seal(secret, current.id), this.options.rotationGraceHours],
      );
      await governanceEventLog.publish(manager, {
        type: GovernanceEvents.WebhookSecretRotated,
        subjectId: current.id,
        actor: actorOf(actor),
        payload: {
          subscriptionId: current.id,
          teamSlug: current.team_slug,
          previousValidUntil: row!.previous_secret_valid_until!.toISOString(),
        },
      });
      return { subscription: row!, secret };
    });
  }

  /** The team's subscriptions (maintainers, platform admins and auditors), oldest first. */
  async list(actor: Principal, team: string): Promise<WebhookSubscriptionRow[]> {
    if (!readsEverything(actor) && !hasTeamRole(actor, team, 'maintainer')) {
      throw new ForbiddenError(`Only maintainers of team "${team}" see its webhook subscriptions`);
    }
    return this.dataSource.query(
      `/* listWebhookSubscriptions */ SELECT ${SUBSCRIPTION_COLUMNS} FROM governance.webhook_subscription
        WHERE team_slug = $1 AND deleted_at IS NULL ORDER BY created_at, id`,
      [team],
    );
  }

  /**
   * A subscription the caller may read (its team's maintainers, admins, auditors): NOT_FOUND
   * otherwise, as if it did not exist. Rights that cover no team at all are FORBIDDEN first.
   */
  async readable(actor: Principal, id: string, manager: EntityManager = this.dataSource.manager) {
    if (!readsEverything(actor) && !hasTeamRoleAnywhere(actor, 'maintainer')) {
      throw new ForbiddenError('Only team maintainers, platform admins and auditors see webhook deliveries');
    }
    const row = isUuid(id) ? await subscriptionById(manager, id.toLowerCase()) : null;
    if (!row || !(readsEverything(actor) || hasTeamRole(actor, row.team_slug, 'maintainer'))) {
      throw new NotFoundError('WebhookSubscription', id);
    }
    return row;
  }

  /** Locked for the change; NOT_FOUND unless the caller maintains its team. */
  async manageable(actor: Principal, manager: EntityManager, id: string): Promise<WebhookSubscriptionRow> {
    const row = isUuid(id) ? await subscriptionById(manager, id.toLowerCase(), { lock: true }) : null;
    if (!row || !hasTeamRole(actor, row.team_slug, 'maintainer'))
      throw new NotFoundError('WebhookSubscription', id);
    return row;
  }

  private async checkTarget(url: string): Promise<void> {
    try {
      await this.policy.resolve(new URL(url));
    } catch (error) {
      if (error instanceof UnsafeWebhookTargetError) throw InvalidInputError.field('url', error.message);
      throw error;
    }
  }
}

export function assertManages(actor: Principal, team: string): void {
  if (!hasScope(actor, 'admin') || !hasTeamRole(actor, team, 'maintainer')) {
    throw new ForbiddenError(`Only maintainers of team "${team}" manage its webhooks, with the admin scope`);
  }
}

/** Rights first: a caller who maintains no team learns nothing about which subscriptions exist. */
export function assertManagesSome(actor: Principal): void {
  if (!hasScope(actor, 'admin') || !hasTeamRoleAnywhere(actor, 'maintainer')) {
    throw new ForbiddenError(
      'Managing webhooks needs the maintainer role in the subscription’s team and the admin scope',
    );
  }
}
