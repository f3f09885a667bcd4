import type { DataSource, EntityManager } from 'typeorm';
import { governanceEventLog } from '../../data-source';
import { GovernanceEvents } from '../../events';
import { type RetrySchedule, retryDelayMs } from './retry-schedule';
import { SecretSeal } from './secret-seal';
import type { AttemptResult, WebhookSender } from './webhook-sender';
import { type ClaimedDelivery, claimDue } from './webhook-store';

export interface DispatchOptions extends RetrySchedule {
  timeoutMs: number;
  disableAfterFailures: number;
  /** Deliveries claimed per round; the job runs rounds until nothing is due. */
  batchSize?: number;
}

export interface DispatchOutcome {
  sent: number;
  succeeded: number;
  failed: number;
  disabled: number;
}

/** What became of a recorded delivery attempt. */
export type AttemptOutcome = 'succeeded' | 'retrying' | 'failed' | 'disabled';

/** The actor of what Cairn does on its own (retries, disabling a failing subscription). */
const CAIRN = 'cairn';

/**
 * Sends due deliveries from the outbox and records every attempt: success resets the
 * subscription's count of failed deliveries; a failure is retried after a jittered, growing wait
 * until the attempts run out, and a subscription whose last N deliveries all failed is disabled,
 * with a `WebhookSubscriptionDisabled` event.
 */
export class WebhookDispatcher {
  private readonly batchSize: number;
  /** Whether this process has sealed the secrets stored before sealing existed. */
  private legacySealed = false;
  /** Attempts recorded by this process since it started, by outcome (exported on `/metrics`). */
  readonly recorded: Record<AttemptOutcome, number> = { succeeded: 0, retrying: 0, failed: 0, disabled: 0 };

  constructor(
    private readonly dataSource: DataSource,
    private readonly sender: WebhookSender,
    private readonly seal: SecretSeal,
    private readonly options: DispatchOptions,
  ) {
    this.batchSize = options.batchSize ?? 20;
  }

  async dispatchDue(): Promise<DispatchOutcome> {
    if (!this.legacySealed) {
      await this.sealLegacySecrets();
      this.legacySealed = true;
    }
    const outcome: DispatchOutcome = { sent: 0, succeeded: 0, failed: 0, disabled: 0 };
    // Bounded, so one run ends even when a receiver answers as fast as deliveries arrive.
    for (let round = 0; round < 50; round++) {
      // The lease outlasts a whole round's deadline, so no other replica sends these meanwhile.
      const leaseMs = this.options.timeoutMs * 2 + 5000;
      const claimed = await this.dataSource.transaction((manager) =>
        claimDue(manager, this.batchSize, leaseMs),
      );
      if (claimed.length === 0) break;
      const results = await Promise.all(
        claimed.map(async (delivery) => ({ delivery, result: await this.attempt(delivery) })),
      );
      for (const { delivery, result } of results) {
        outcome.sent += 1;
        const recorded = await this.record(delivery, result);
        this.recorded[recorded] += 1;
        if (result.ok) outcome.succeeded += 1;
        if (recorded === 'failed' || recorded === 'disabled') outcome.failed += 1;
        if (recorded === 'disabled') outcome.disabled += 1;
      }
      if (claimed.length < this.batchSize) break;
    }
    return outcome;
  }

  /**
   * Seals the secrets stored before they were sealed, once per process: a row at a time, each
   * only if it still holds the plain value read, so a rotation in between is never undone.
   */
  private async sealLegacySecrets(): Promise<void> {
    const rows: { id: string; secret: string; previous_secret: string | null }[] =
      await this.dataSource.query(
        `/* plainWebhookSecrets */ SELECT id, secret, previous_secret FROM governance.webhook_subscription
        WHERE secret NOT LIKE 'sealed:%' OR previous_secret NOT LIKE 'sealed:%'`,
      );
    for (const row of rows) {
      const sealed = (value: string | null) =>
        value === null || SecretSeal.isSealed(value) ? value : this.seal.seal(value, row.id);
      await this.dataSource.query(
        `/* sealWebhookSecrets */ UPDATE governance.webhook_subscription SET secret = $2, previous_secret = $3
          WHERE id = $1 AND secret = $4 AND previous_secret IS NOT DISTINCT FROM $5`,
        [row.id, sealed(row.secret), sealed(row.previous_secret), row.secret, row.previous_secret],
      );
    }
  }

  private attempt(delivery: ClaimedDelivery): Promise<AttemptResult> {
    let secrets: string[];
    try {
      secrets = [delivery.secret, ...(delivery.previous_secret ? [delivery.previous_secret] : [])].map(
        (sealed) => this.seal.open(sealed, delivery.subscription_id),
      );
    } catch (error) {
      // A secret sealed under another WEBHOOK_SECRET_KEY: the attempt fails where operators look
      // (the delivery log), and the other subscriptions' deliveries go on.
      const message = error instanceof Error ? error.message : String(error);
      return Promise.resolve({
        ok: false,
        statusCode: null,
        durationMs: 0,
        error: `not sent: ${message}`,
        responseSnippet: null,
      });
    }
    return this.sender.send({
      url: delivery.url,
      messageId: delivery.message_id,
      body: delivery.body,
      secrets,
    });
  }

  /** Records one attempt and what follows from it; answers what became of the delivery. */
  private record(delivery: ClaimedDelivery, result: AttemptResult): Promise<AttemptOutcome> {
    const attempt = delivery.attempts + 1;
    return this.dataSource.transaction(async (manager) => {
      await manager.query(
        `/* insertWebhookAttempt */ INSERT INTO governance.webhook_attempt
            (delivery_id, attempt, attempted_at, duration_ms, status_code, error, response_snippet)
         VALUES ($1, $2, clock_timestamp() - make_interval(secs => $3::double precision / 1000), $3, $4, $5, $6)`,
        [
          delivery.id,
          attempt,
          result.durationMs,
          result.statusCode,
          result.error?.slice(0, 1000) ?? null,
          result.responseSnippet,
        ],
      );
      if (result.ok) {
        await this.finish(manager, delivery.id, attempt, result, 'SUCCEEDED');
        await manager.query(
          `/* resetWebhookFailures */ UPDATE governance.webhook_subscription SET consecutive_failures = 0
            WHERE id = $1 AND consecutive_failures <> 0`,
          [delivery.subscription_id],
        );
        return 'succeeded';
      }
      if (attempt < this.options.maxAttempts) {
        await manager.query(
          `/* scheduleWebhookRetry */ UPDATE governance.webhook_delivery
              SET attempts = $2, last_status_code = $3, last_error = $4,
                  next_attempt_at = clock_timestamp() + make_interval(secs => $5::double precision / 1000)
            WHERE id = $1`,
          [delivery.id, attempt, result.statusCode, result.error, retryDelayMs(this.options, attempt)],
        );
        return 'retrying';
      }
      await this.finish(manager, delivery.id, attempt, result, 'FAILED');
      return (await this.countFailure(manager, delivery.subscription_id)) ? 'disabled' : 'failed';
    });
  }

  private async finish(
    manager: EntityManager,
    id: string,
    attempt: number,
    result: AttemptResult,
    status: 'SUCCEEDED' | 'FAILED',
  ): Promise<void> {
    await manager.query(
      `/* finishWebhookDelivery */ UPDATE governance.webhook_delivery
          SET status = $2, attempts = $3, last_status_code = $4, last_error = $5, next_attempt_at = NULL,
              finished_at = clock_timestamp()
        WHERE id = $1`,
      [id, status, attempt, result.statusCode, result.error],
    );
  }

  /** Counts a failed delivery against its subscription; true when that disabled it. */
  private async countFailure(manager: EntityManager, subscriptionId: string): Promise<boolean> {
    const [[row]]: [
      {
        team_slug: string;
        url: string;
        consecutive_failures: number;
        created_by: string;
        enabled: boolean;
      }[],
      number,
    ] = await manager.query(
      `/* countWebhookFailure */ UPDATE governance.webhook_subscription
            SET consecutive_failures = consecutive_failures + 1
          WHERE id = $1 RETURNING team_slug, url, consecutive_failures, created_by, enabled`,
      [subscriptionId],
    );
    if (!row?.enabled || row.consecutive_failures < this.options.disableAfterFailures) return false;
    const reason = `Disabled after ${row.consecutive_failures} consecutive failed deliveries (each tried ${this.options.maxAttempts} times)`;
    await manager.query(
      `/* disableWebhookSubscription */ UPDATE governance.webhook_subscription
          SET enabled = false, disabled_reason = $2, disabled_at = clock_timestamp(), updated_at = clock_timestamp()
        WHERE id = $1`,
      [subscriptionId, reason],
    );
    await governanceEventLog.publish(manager, {
      type: GovernanceEvents.WebhookSubscriptionDisabled,
      subjectId: subscriptionId,
      actor: CAIRN,
      payload: {
        subscriptionId,
        teamSlug: row.team_slug,
        url: row.url,
        reason,
        consecutiveFailures: row.consecutive_failures,
        createdBy: row.created_by,
      },
    });
    return true;
  }
}
