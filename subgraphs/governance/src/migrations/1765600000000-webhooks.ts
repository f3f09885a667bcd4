import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Outgoing webhooks:
 * - `webhook_subscription`: a team's receiver URL, the event types it wants and its signing
 *   secret. The secret signs every call, so it is kept as it is (a hash could not sign); the API
 *   shows it once, on creation or rotation, and never again. A deleted subscription keeps its
 *   row (with `deleted_at`) and its delivery log in the database; the API no longer shows them.
 * - `webhook_delivery`: the outbox. The event consumers write one row per event and matching
 *   subscription in the transaction that moves their cursor, so nothing is lost while a receiver
 *   is down; the dispatcher sends due rows and schedules retries. A manual redelivery is a new
 *   row pointing at the one it repeats, carrying the same message id.
 * - `webhook_attempt`: each HTTP attempt (status, duration, error, the first bytes of the answer).
 */
export class Webhooks1765600000000 implements MigrationInterface {
  name = 'Webhooks1765600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE governance.webhook_subscription (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        team_slug text NOT NULL,
        url text NOT NULL CHECK (length(url) <= 2048),
        description text NOT NULL DEFAULT '',
        event_types text[] NOT NULL CHECK (cardinality(event_types) BETWEEN 1 AND 100),
        secret text NOT NULL,
        previous_secret text,
        previous_secret_valid_until timestamptz,
        enabled boolean NOT NULL DEFAULT true,
        disabled_reason text,
        disabled_at timestamptz,
        consecutive_failures int NOT NULL DEFAULT 0,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        deleted_at timestamptz,
        deleted_by text
      )`);
    await queryRunner.query(
      'CREATE INDEX webhook_subscription_team_idx ON governance.webhook_subscription (team_slug) WHERE deleted_at IS NULL',
    );
    await queryRunner.query(`
      CREATE TABLE governance.webhook_delivery (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        subscription_id uuid NOT NULL REFERENCES governance.webhook_subscription (id),
        event_id uuid NOT NULL,
        event_type text NOT NULL,
        message_id text NOT NULL,
        payload jsonb NOT NULL,
        status text NOT NULL DEFAULT 'PENDING'
          CHECK (status IN ('PENDING', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
        attempts int NOT NULL DEFAULT 0,
        next_attempt_at timestamptz,
        last_status_code int,
        last_error text,
        redelivery_of uuid REFERENCES governance.webhook_delivery (id),
        requested_by text,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        finished_at timestamptz
      )`);
    // An event reaches a subscription once, however often a consumer replays it.
    await queryRunner.query(`
      CREATE UNIQUE INDEX webhook_delivery_once_idx ON governance.webhook_delivery (subscription_id, event_id)
        WHERE redelivery_of IS NULL`);
    await queryRunner.query(`
      CREATE INDEX webhook_delivery_due_idx ON governance.webhook_delivery (next_attempt_at)
        WHERE status = 'PENDING'`);
    await queryRunner.query(
      'CREATE INDEX webhook_delivery_log_idx ON governance.webhook_delivery (subscription_id, created_at DESC, id DESC)',
    );
    await queryRunner.query(`
      CREATE TABLE governance.webhook_attempt (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        delivery_id uuid NOT NULL REFERENCES governance.webhook_delivery (id),
        attempt int NOT NULL CHECK (attempt > 0),
        attempted_at timestamptz NOT NULL,
        duration_ms int NOT NULL,
        status_code int,
        error text,
        response_snippet text CHECK (length(response_snippet) <= 1024)
      )`);
    await queryRunner.query(
      'CREATE INDEX webhook_attempt_delivery_idx ON governance.webhook_attempt (delivery_id, attempt)',
    );
    await queryRunner.query(
      'GRANT SELECT, INSERT ON governance.webhook_subscription, governance.webhook_delivery, governance.webhook_attempt TO cairn_service',
    );
    await queryRunner.query(`
      GRANT UPDATE (url, description, event_types, secret, previous_secret, previous_secret_valid_until,
                    enabled, disabled_reason, disabled_at, consecutive_failures, updated_at, deleted_at, deleted_by)
        ON governance.webhook_subscription TO cairn_service`);
    await queryRunner.query(`
      GRANT UPDATE (status, attempts, next_attempt_at, last_status_code, last_error, finished_at)
        ON governance.webhook_delivery TO cairn_service`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE governance.webhook_attempt');
    await queryRunner.query('DROP TABLE governance.webhook_delivery');
    await queryRunner.query('DROP TABLE governance.webhook_subscription');
  }
}
