import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Team requests (self-service onboarding): a person asks for a new team; a platform admin
 * approves or rejects it with a reason. Like promotion requests, a request is decided once and
 * never deleted; the registry creates the team from the `TeamRequestApproved` event.
 */
export class TeamRequests1766400000000 implements MigrationInterface {
  name = 'TeamRequests1766400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE governance.team_request (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        slug text NOT NULL CHECK (length(slug) <= 50),
        name text NOT NULL CHECK (length(name) <= 100),
        justification text NOT NULL CHECK (length(justification) <= 1000),
        requester_subject text NOT NULL,
        requester_email text,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'approved', 'rejected')),
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        decided_by text,
        decided_at timestamptz,
        reason text,
        membership_id uuid REFERENCES governance.team_membership (id),
        CHECK ((status = 'open') = (decided_at IS NULL)),
        CHECK ((decided_at IS NULL) = (decided_by IS NULL)),
        CHECK ((status = 'rejected') = (reason IS NOT NULL)),
        CHECK ((status = 'approved') = (membership_id IS NOT NULL))
      )`);
    // One open request per slug: a second asker waits for the first answer. An approved slug
    // is a team (known_team, checked by the service); a rejected one may be asked for again.
    await queryRunner.query(`
      CREATE UNIQUE INDEX team_request_open_slug_key ON governance.team_request (slug)
        WHERE status = 'open'`);
    await queryRunner.query(`
      CREATE UNIQUE INDEX team_request_approved_slug_key ON governance.team_request (slug)
        WHERE status = 'approved'`);
    await queryRunner.query(
      'CREATE INDEX team_request_requester_idx ON governance.team_request (requester_subject, created_at DESC)',
    );
    await queryRunner.query(
      'CREATE INDEX team_request_status_idx ON governance.team_request (status, created_at DESC)',
    );
    const why = 'team requests are a record of who asked for a team and who answered';
    await queryRunner.query(`
      CREATE TRIGGER team_request_no_delete BEFORE DELETE ON governance.team_request
      FOR EACH ROW EXECUTE FUNCTION governance.refuse_rewrite('${why}')`);
    await queryRunner.query(`
      CREATE TRIGGER team_request_no_truncate BEFORE TRUNCATE ON governance.team_request
      FOR EACH STATEMENT EXECUTE FUNCTION governance.refuse_rewrite('${why}')`);
    await queryRunner.query(`
      CREATE TRIGGER team_request_decided_once BEFORE UPDATE ON governance.team_request
      FOR EACH ROW WHEN (
        OLD.status <> 'open' OR NEW.id <> OLD.id OR NEW.slug <> OLD.slug OR NEW.name <> OLD.name
        OR NEW.justification <> OLD.justification OR NEW.requester_subject <> OLD.requester_subject
        OR NEW.requester_email IS DISTINCT FROM OLD.requester_email OR NEW.created_at <> OLD.created_at)
      EXECUTE FUNCTION governance.refuse_rewrite('a team request changes only by being decided, once')`);
    await queryRunner.query('GRANT SELECT, INSERT ON governance.team_request TO cairn_service');
    await queryRunner.query(`
      GRANT UPDATE (status, decided_by, decided_at, reason, membership_id)
        ON governance.team_request TO cairn_service`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE governance.team_request');
  }
}
