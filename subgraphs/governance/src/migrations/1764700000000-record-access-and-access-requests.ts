import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The access log (every mutation and every refused attempt, as the gateway saw it) and access
 * requests (someone asks a team for a role; its maintainers grant or deny). The log is a record:
 * nothing in it changes, for the owner too. A request changes once, when it is decided or
 * withdrawn; it is never deleted.
 */
export class RecordAccessAndAccessRequests1764700000000 implements MigrationInterface {
  name = 'RecordAccessAndAccessRequests1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE governance.access_log (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        occurred_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        request_id text NOT NULL CHECK (length(request_id) <= 128),
        subject text CHECK (length(subject) <= 255),
        email text CHECK (length(email) <= 320),
        principal_kind text CHECK (principal_kind IN ('user', 'service')),
        client_kind text CHECK (client_kind IN ('oidc', 'api-token')),
        client_id text CHECK (length(client_id) <= 255),
        operation_type text CHECK (operation_type IN ('query', 'mutation', 'subscription')),
        operation_name text CHECK (length(operation_name) <= 200),
        root_fields text[] NOT NULL DEFAULT '{}' CHECK (cardinality(root_fields) <= 50),
        outcome text NOT NULL CHECK (length(outcome) <= 64),
        error_codes text[] NOT NULL DEFAULT '{}' CHECK (cardinality(error_codes) <= 20),
        remote_address text CHECK (length(remote_address) <= 64),
        user_agent text CHECK (length(user_agent) <= 256),
        CHECK ((client_kind IS NULL) = (client_id IS NULL))
      )`);
    await queryRunner.query(
      'CREATE INDEX access_log_occurred_idx ON governance.access_log (occurred_at DESC, id DESC)',
    );
    await queryRunner.query(
      'CREATE INDEX access_log_subject_idx ON governance.access_log (subject, occurred_at DESC, id DESC)',
    );
    const why = 'the access log records who did what and who was refused';
    await queryRunner.query(`
      CREATE TRIGGER access_log_no_rewrite BEFORE UPDATE OR DELETE ON governance.access_log
      FOR EACH ROW EXECUTE FUNCTION governance.refuse_rewrite('${why}')`);
    await queryRunner.query(`
      CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON governance.access_log
      FOR EACH STATEMENT EXECUTE FUNCTION governance.refuse_rewrite('${why}')`);
    await queryRunner.query('GRANT SELECT, INSERT ON governance.access_log TO cairn_service');

    await queryRunner.query(`
      CREATE TABLE governance.access_request (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        team_slug text NOT NULL,
        requester_subject text NOT NULL,
        requester_email text,
        role text NOT NULL CHECK (role IN ('viewer', 'contributor', 'maintainer')),
        model_id uuid,
        model_name text,
        justification text NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'granted', 'denied', 'withdrawn')),
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        decided_by text,
        decided_at timestamptz,
        decision_comment text,
        membership_id uuid REFERENCES governance.team_membership (id),
        CHECK ((status = 'open') = (decided_at IS NULL)),
        CHECK ((decided_at IS NULL) = (decided_by IS NULL)),
        CHECK ((model_id IS NULL) = (model_name IS NULL))
      )`);
    // One open request per person and team: asking again waits for the answer.
    await queryRunner.query(`
      CREATE UNIQUE INDEX access_request_open_key ON governance.access_request (team_slug, requester_subject)
        WHERE status = 'open'`);
    await queryRunner.query(
      'CREATE INDEX access_request_requester_idx ON governance.access_request (requester_subject, created_at DESC)',
    );
    await queryRunner.query(
      'CREATE INDEX access_request_team_idx ON governance.access_request (team_slug, status, created_at DESC)',
    );
    const requestWhy = 'access requests are a record of who asked and who answered';
    await queryRunner.query(`
      CREATE TRIGGER access_request_no_delete BEFORE DELETE ON governance.access_request
      FOR EACH ROW EXECUTE FUNCTION governance.refuse_rewrite('${requestWhy}')`);
    await queryRunner.query(`
      CREATE TRIGGER access_request_no_truncate BEFORE TRUNCATE ON governance.access_request
      FOR EACH STATEMENT EXECUTE FUNCTION governance.refuse_rewrite('${requestWhy}')`);
    // Only the answer moves, once.
    await queryRunner.query(`
      CREATE TRIGGER access_request_decided_once BEFORE UPDATE ON governance.access_request
      FOR EACH ROW WHEN (
        OLD.status <> 'open' OR NEW.id <> OLD.id OR NEW.team_slug <> OLD.team_slug
        OR NEW.requester_subject <> OLD.requester_subject
        OR NEW.requester_email IS DISTINCT FROM OLD.requester_email OR NEW.role <> OLD.role
        OR NEW.model_id IS DISTINCT FROM OLD.model_id OR NEW.model_name IS DISTINCT FROM OLD.model_name
        OR NEW.justification <> OLD.justification OR NEW.created_at <> OLD.created_at)
      EXECUTE FUNCTION governance.refuse_rewrite('an access request changes only by being answered, once')`);
    await queryRunner.query('GRANT SELECT, INSERT ON governance.access_request TO cairn_service');
    await queryRunner.query(`
      GRANT UPDATE (status, decided_by, decided_at, decision_comment, membership_id)
        ON governance.access_request TO cairn_service`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE governance.access_request');
    await queryRunner.query('DROP TABLE governance.access_log');
  }
}
