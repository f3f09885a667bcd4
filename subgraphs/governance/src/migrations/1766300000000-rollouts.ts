import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Canary rollouts of a PRODUCTION version against the version it replaced:
 * - `rollout`: the candidate, its baseline, the strategy (traffic steps, window length, rules) and
 *   the state. Only `status`, `step_index`, `step_started_at` and the ending columns move, and
 *   only forward: the step by one while IN_PROGRESS, the status once out of IN_PROGRESS (trigger
 *   `rollout_moves_forward`). One IN_PROGRESS rollout per model.
 * - `rollout_window`: each window a serving system reported, with Cairn's verdict; a record.
 * - `rollout_decision`: each advance, completion or rollback, automatic or manual; a record.
 */
export class Rollouts1766300000000 implements MigrationInterface {
  name = 'Rollouts1766300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE governance.rollout (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        model_id uuid NOT NULL,
        team_slug text NOT NULL,
        candidate_version_id uuid NOT NULL,
        baseline_version_id uuid NOT NULL,
        steps int[] NOT NULL CHECK (cardinality(steps) BETWEEN 2 AND 20),
        window_minutes int NOT NULL CHECK (window_minutes BETWEEN 1 AND 10080),
        max_error_rate_ratio double precision NOT NULL CHECK (max_error_rate_ratio >= 1),
        max_latency_p99_ms double precision CHECK (max_latency_p99_ms > 0),
        min_requests int NOT NULL CHECK (min_requests >= 1),
        started_by text NOT NULL,
        started_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        status text NOT NULL DEFAULT 'IN_PROGRESS'
          CHECK (status IN ('IN_PROGRESS', 'COMPLETED', 'ROLLED_BACK')),
        step_index int NOT NULL DEFAULT 0,
        step_started_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        ended_at timestamptz,
        ended_by text,
        end_reason text,
        rollback_request_id uuid,
        CHECK (step_index >= 0 AND step_index < cardinality(steps)),
        CHECK ((status = 'IN_PROGRESS') = (ended_at IS NULL))
      )`);
    await queryRunner.query(`
      CREATE UNIQUE INDEX rollout_active_key ON governance.rollout (model_id) WHERE status = 'IN_PROGRESS'`);
    await queryRunner.query(
      'CREATE INDEX rollout_model_idx ON governance.rollout (model_id, started_at DESC)',
    );
    await queryRunner.query(
      'CREATE INDEX rollout_candidate_idx ON governance.rollout (candidate_version_id, started_at DESC)',
    );
    const rolloutWhy = 'a rollout is a record of what was tried and decided';
    await queryRunner.query(`
      CREATE TRIGGER rollout_no_delete BEFORE DELETE ON governance.rollout
      FOR EACH ROW EXECUTE FUNCTION governance.refuse_rewrite('${rolloutWhy}')`);
    await queryRunner.query(`
      CREATE TRIGGER rollout_no_truncate BEFORE TRUNCATE ON governance.rollout
      FOR EACH STATEMENT EXECUTE FUNCTION governance.refuse_rewrite('${rolloutWhy}')`);
    // The strategy never changes; the step moves one at a time, and the end comes once.
    await queryRunner.query(`
      CREATE TRIGGER rollout_moves_forward BEFORE UPDATE ON governance.rollout
      FOR EACH ROW WHEN (
        OLD.status <> 'IN_PROGRESS' OR NEW.id <> OLD.id OR NEW.model_id <> OLD.model_id
        OR NEW.team_slug <> OLD.team_slug OR NEW.candidate_version_id <> OLD.candidate_version_id
        OR NEW.baseline_version_id <> OLD.baseline_version_id OR NEW.steps <> OLD.steps
        OR NEW.window_minutes <> OLD.window_minutes OR NEW.max_error_rate_ratio <> OLD.max_error_rate_ratio
        OR NEW.max_latency_p99_ms IS DISTINCT FROM OLD.max_latency_p99_ms
        OR NEW.min_requests <> OLD.min_requests OR NEW.started_by <> OLD.started_by
        OR NEW.started_at <> OLD.started_at
        OR NEW.step_index NOT IN (OLD.step_index, OLD.step_index + 1))
      EXECUTE FUNCTION governance.refuse_rewrite('a rollout only moves forward: one step at a time, and it ends once')`);
    await queryRunner.query('GRANT SELECT, INSERT ON governance.rollout TO cairn_service');
    await queryRunner.query(`
      GRANT UPDATE (status, step_index, step_started_at, ended_at, ended_by, end_reason, rollback_request_id)
        ON governance.rollout TO cairn_service`);

    await queryRunner.query(`
      CREATE TABLE governance.rollout_window (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        rollout_id uuid NOT NULL REFERENCES governance.rollout (id),
        step_index int NOT NULL,
        traffic_percent int NOT NULL CHECK (traffic_percent BETWEEN 1 AND 100),
        window_start timestamptz NOT NULL,
        window_end timestamptz NOT NULL CHECK (window_end > window_start),
        candidate_requests bigint NOT NULL CHECK (candidate_requests >= 0),
        candidate_errors bigint NOT NULL CHECK (candidate_errors BETWEEN 0 AND candidate_requests),
        candidate_latency_p99_ms double precision CHECK (candidate_latency_p99_ms >= 0),
        baseline_requests bigint NOT NULL CHECK (baseline_requests >= 0),
        baseline_errors bigint NOT NULL CHECK (baseline_errors BETWEEN 0 AND baseline_requests),
        baseline_latency_p99_ms double precision CHECK (baseline_latency_p99_ms >= 0),
        verdict text NOT NULL CHECK (verdict IN ('PASS', 'FAIL', 'INSUFFICIENT')),
        findings text[] NOT NULL DEFAULT '{}',
        reported_by text NOT NULL,
        reported_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await queryRunner.query(
      'CREATE INDEX rollout_window_rollout_idx ON governance.rollout_window (rollout_id, window_start)',
    );

    await queryRunner.query(`
      CREATE TABLE governance.rollout_decision (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        rollout_id uuid NOT NULL REFERENCES governance.rollout (id),
        kind text NOT NULL CHECK (kind IN ('ADVANCE', 'COMPLETE', 'ROLLBACK')),
        automatic boolean NOT NULL,
        window_id uuid REFERENCES governance.rollout_window (id),
        from_percent int NOT NULL,
        to_percent int NOT NULL,
        reason text NOT NULL,
        decided_by text NOT NULL,
        decided_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await queryRunner.query(
      'CREATE INDEX rollout_decision_rollout_idx ON governance.rollout_decision (rollout_id, decided_at)',
    );
    for (const table of ['rollout_window', 'rollout_decision']) {
      const why = 'the windows and decisions of a rollout are records';
      await queryRunner.query(`
        CREATE TRIGGER ${table}_no_rewrite BEFORE UPDATE OR DELETE ON governance.${table}
        FOR EACH ROW EXECUTE FUNCTION governance.refuse_rewrite('${why}')`);
      await queryRunner.query(`
        CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON governance.${table}
        FOR EACH STATEMENT EXECUTE FUNCTION governance.refuse_rewrite('${why}')`);
      await queryRunner.query(`GRANT SELECT, INSERT ON governance.${table} TO cairn_service`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // Dropping a table takes its triggers, indexes and grants with it.
    for (const table of ['rollout_decision', 'rollout_window', 'rollout']) {
      await queryRunner.query(`DROP TABLE governance.${table}`);
    }
  }
}
