import type { MigrationInterface, QueryRunner } from 'typeorm';

const RECORDS = [
  'drift_reference_set',
  'drift_reference',
  'drift_window',
  'drift_window_feature',
  'drift_alarm',
  'drift_alarm_resolution',
  'retrain_suggestion',
] as const;

/**
 * Drift detection's records: reference histograms (a set per registration; the latest set of a
 * version is in force), production windows with each feature's PSI/KS, alarms, their
 * resolutions and the retrain suggestion raised with each alarm. All of them are records, so
 * they are append-only like `metric`: an alarm is open while it has no resolution row. The DDL
 * is written out here, not shared, so it stays as it ran.
 */
export class DriftDetection1766100000000 implements MigrationInterface {
  name = 'DriftDetection1766100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE metrics.drift_reference_set (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigserial NOT NULL UNIQUE,
        model_version_id uuid NOT NULL REFERENCES metrics.known_model_version (model_version_id),
        source text NOT NULL CHECK (source IN ('TRAINING', 'EVALUATION')),
        -- Per-version overrides of the configured thresholds; null keeps the configured one.
        psi_threshold double precision CHECK (psi_threshold > 0),
        ks_threshold double precision CHECK (ks_threshold > 0 AND ks_threshold <= 1),
        registered_by text NOT NULL,
        registered_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      'CREATE INDEX drift_reference_set_version_idx ON metrics.drift_reference_set (model_version_id, seq DESC)',
    );
    // Numeric features carry bin edges (one more than counts), categorical ones category labels.
    await queryRunner.query(`
      CREATE TABLE metrics.drift_reference (
        reference_set_id uuid NOT NULL REFERENCES metrics.drift_reference_set (id),
        feature text NOT NULL,
        role text NOT NULL CHECK (role IN ('FEATURE', 'PREDICTION')),
        bin_edges double precision[],
        categories text[],
        counts bigint[] NOT NULL,
        PRIMARY KEY (reference_set_id, feature),
        CHECK ((bin_edges IS NULL) <> (categories IS NULL)),
        CHECK (bin_edges IS NULL OR cardinality(bin_edges) = cardinality(counts) + 1),
        CHECK (categories IS NULL OR cardinality(categories) = cardinality(counts))
      )`);
    await queryRunner.query(`
      CREATE TABLE metrics.drift_window (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigserial NOT NULL UNIQUE,
        model_version_id uuid NOT NULL REFERENCES metrics.known_model_version (model_version_id),
        reference_set_id uuid NOT NULL REFERENCES metrics.drift_reference_set (id),
        window_start timestamptz NOT NULL,
        window_end timestamptz NOT NULL,
        psi_threshold double precision NOT NULL,
        ks_threshold double precision NOT NULL,
        drifted boolean NOT NULL,
        reported_by text NOT NULL,
        reported_at timestamptz NOT NULL DEFAULT now(),
        CHECK (window_start < window_end)
      )`);
    await queryRunner.query(
      'CREATE INDEX drift_window_version_idx ON metrics.drift_window (model_version_id, seq DESC)',
    );
    // Both sides aligned to the same bins (categorical: reference categories, then new ones), for charts.
    await queryRunner.query(`
      CREATE TABLE metrics.drift_window_feature (
        window_id uuid NOT NULL REFERENCES metrics.drift_window (id),
        feature text NOT NULL,
        labels text[],
        reference_counts bigint[] NOT NULL,
        counts bigint[] NOT NULL,
        psi double precision NOT NULL,
        ks double precision,
        drifted boolean NOT NULL,
        PRIMARY KEY (window_id, feature),
        CHECK (cardinality(reference_counts) = cardinality(counts))
      )`);
    await queryRunner.query(`
      CREATE TABLE metrics.drift_alarm (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        model_version_id uuid NOT NULL REFERENCES metrics.known_model_version (model_version_id),
        window_id uuid NOT NULL UNIQUE REFERENCES metrics.drift_window (id),
        raised_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      'CREATE INDEX drift_alarm_version_idx ON metrics.drift_alarm (model_version_id, raised_at DESC)',
    );
    // One row closes an alarm for good: the primary key refuses a second resolution.
    await queryRunner.query(`
      CREATE TABLE metrics.drift_alarm_resolution (
        alarm_id uuid PRIMARY KEY REFERENCES metrics.drift_alarm (id),
        resolution text NOT NULL CHECK (resolution IN ('HEALTHY_WINDOW', 'ACKNOWLEDGED')),
        window_id uuid REFERENCES metrics.drift_window (id),
        note text,
        resolved_by text NOT NULL,
        resolved_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE metrics.retrain_suggestion (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        alarm_id uuid NOT NULL UNIQUE REFERENCES metrics.drift_alarm (id),
        model_version_id uuid NOT NULL REFERENCES metrics.known_model_version (model_version_id),
        datasets jsonb NOT NULL,
        training_runs jsonb NOT NULL,
        provenance jsonb,
        features jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      'CREATE INDEX retrain_suggestion_version_idx ON metrics.retrain_suggestion (model_version_id, created_at DESC)',
    );
    for (const table of RECORDS) {
      await queryRunner.query(`
        CREATE TRIGGER ${table}_no_rewrite BEFORE UPDATE OR DELETE ON metrics.${table}
        FOR EACH ROW EXECUTE FUNCTION metrics.refuse_rewrite('drift records are append-only')`);
      await queryRunner.query(`
        CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON metrics.${table}
        FOR EACH STATEMENT EXECUTE FUNCTION metrics.refuse_rewrite('drift records are append-only')`);
      await queryRunner.query(`GRANT SELECT, INSERT ON metrics.${table} TO cairn_service`);
    }
    await queryRunner.query(
      'GRANT USAGE ON SEQUENCE metrics.drift_reference_set_seq_seq, metrics.drift_window_seq_seq TO cairn_service',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [...RECORDS].reverse()) {
      await queryRunner.query(`DROP TABLE metrics.${table}`);
    }
  }
}
