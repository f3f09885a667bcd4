import { ServiceUnavailableError } from '@cairn/errors';
import { EventConsumer, EventLog, type StoredEvent } from '@cairn/event-log';
import { GovernanceEvents, governanceEvents } from '@cairn/events';
import type { DataSource, EntityManager } from 'typeorm';
import { REGISTRY_SCHEMA } from '../data-source';

const GOVERNANCE_LOG = new EventLog(governanceEvents.schema);
const STAGE_TRANSITIONED = GovernanceEvents.StageTransitioned;

/** The consumer's name: its cursor and quarantined events are kept under it in the registry. */
export const VERSION_STAGE_CONSUMER = 'version-stage';

interface StageRow {
  modelVersionId: string;
  stage: string;
  /** The event's id in `governance.event_log`: orders one version's transitions. */
  eventLogId: bigint;
}

/**
 * Governance's current stage of each version, as the registry learns it from governance's log
 * (`StageTransitioned`), never from governance's tables, into `registry.version_stage`. The
 * retention purge reads it to spare PRODUCTION versions.
 *
 * A row is written only over an older event of the same version, so a batch read again, or a
 * quarantined event replayed late, never brings back a stage the version has left. Events for
 * versions the registry does not hold are stored all the same: governance learns versions only
 * from the registry's log, so such a version is one whose row this reader cannot see yet, and
 * skipping it would lose its stage for good (the table has no foreign key for that reason).
 */
export class VersionStageProjection {
  private readonly eventConsumer: EventConsumer;

  constructor(dataSource: DataSource, options: { batchSize?: number } = {}) {
    this.eventConsumer = new EventConsumer(dataSource, {
      name: VERSION_STAGE_CONSUMER,
      batchSize: options.batchSize,
      source: GOVERNANCE_LOG,
      cursorSchema: REGISTRY_SCHEMA,
      handle: (events, manager) =>
        this.record(
          manager,
          events.filter((e) => e.type === STAGE_TRANSITIONED).map((e) => fromEvent(e)),
        ),
    });
  }

  /** The background consumer; one instance, so the purge sees the failures the poller met. */
  consumer(): EventConsumer {
    return this.eventConsumer;
  }

  /**
   * Brings the projection up to what governance's log shows now and refuses (SERVICE_UNAVAILABLE)
   * when it cannot: the log does not exist yet (governance not migrated), or an event is failing
   * and not yet quarantined. Deleting bytes is not undone, so a purge runs only after this.
   */
  async assertCurrent(): Promise<void> {
    try {
      await this.eventConsumer.catchUp();
    } catch {
      // What failed is on /readyz and in the poller's log; the caller only needs to stop.
      throw new ServiceUnavailableError(
        "Stages cannot be read from governance's event log now, so nothing is purged",
      );
    }
    const health = await this.eventConsumer.health();
    if (health.waitingFor) {
      throw new ServiceUnavailableError(`Stages are unknown, so nothing is purged: ${health.waitingFor}`);
    }
  }

  private async record(manager: EntityManager, rows: StageRow[]): Promise<void> {
    // One row per version (ON CONFLICT may touch a row once per statement): its latest event.
    const latest = new Map<string, StageRow>();
    for (const row of rows) {
      const seen = latest.get(row.modelVersionId);
      if (!seen || seen.eventLogId < row.eventLogId) latest.set(row.modelVersionId, row);
    }
    if (latest.size === 0) return;
    const values = [...latest.values()];
    await manager.query(
      `/* projectVersionStages */ INSERT INTO registry.version_stage AS s (model_version_id, stage, event_log_id)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::bigint[])
       ON CONFLICT (model_version_id) DO UPDATE
         SET stage = EXCLUDED.stage, event_log_id = EXCLUDED.event_log_id, updated_at = now()
       WHERE s.event_log_id < EXCLUDED.event_log_id`,
      [
        values.map((r) => r.modelVersionId),
        values.map((r) => r.stage),
        values.map((r) => r.eventLogId.toString()),
      ],
    );
  }
}

/** Throws `MalformedEventError` for an event breaking governance's contract: it is quarantined. */
function fromEvent(event: StoredEvent): StageRow {
  const payload = governanceEvents.parseAs(STAGE_TRANSITIONED, event);
  return {
    modelVersionId: payload.modelVersionId.toLowerCase(),
    stage: payload.to,
    eventLogId: BigInt(event.position.id),
  };
}
