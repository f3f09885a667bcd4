import { isUuid } from '@cairn/database';
import { ForbiddenError, NotFoundError } from '@cairn/errors';
import { EventConsumer, EventLog, type StoredEvent } from '@cairn/event-log';
import {
  MalformedEventError,
  type RawEvent,
  RegistryEvents,
  registryEvents,
  type Visibility,
} from '@cairn/events';
import { hasTeamRole, type Principal, type TeamRole } from '@cairn/identity';
import type { DataSource, EntityManager } from 'typeorm';
import { canSee, latestVisibilityChange } from './visibility';

/** The registry's log, read through its published contract (`@cairn/events`). */
const REGISTRY_LOG = new EventLog(registryEvents.schema);
const MODEL_VERSION_CREATED = RegistryEvents.ModelVersionCreated;
const MODEL_VISIBILITY_CHANGED = RegistryEvents.ModelVisibilityChanged;

export interface KnownModelVersion {
  id: string;
  modelId: string;
  modelName: string;
  teamSlug: string;
  version: number;
  /** Who registered the version (the event's actor); null for versions recorded before it was kept. */
  createdBy: string | null;
  /** Its model's visibility now. */
  visibility: Visibility;
}

interface Row {
  model_version_id: string;
  model_id: string;
  model_name: string;
  team_slug: string;
  version: number;
  created_by: string | null;
  visibility: Visibility;
}

function toKnown(row: Row): KnownModelVersion {
  return {
    id: row.model_version_id,
    modelId: row.model_id,
    modelName: row.model_name,
    teamSlug: row.team_slug,
    version: row.version,
    createdBy: row.created_by,
    visibility: row.visibility,
  };
}

/** Throws `MalformedEventError` for an event that breaks the contract, for the consumer to quarantine. */
function fromEvent(event: RawEvent & { actor: string }): Row {
  const p = registryEvents.parseAs(MODEL_VERSION_CREATED, event);
  return {
    model_version_id: p.modelVersionId.toLowerCase(),
    model_id: p.modelId.toLowerCase(),
    model_name: p.modelName,
    team_slug: p.teamSlug,
    version: p.version,
    created_by: event.actor,
    // The model's visibility when the version was made; `insert` applies any later change.
    visibility: p.visibility,
  };
}

/**
 * What a subgraph other than the registry knows about model versions: which exist, their model,
 * owning team and visibility. Kept in the subgraph's own schema from the registry's event log,
 * so no subgraph reads the registry's tables.
 */
export class ModelDirectory {
  readonly consumer: EventConsumer;

  constructor(
    private readonly dataSource: DataSource,
    private readonly schema: string,
  ) {
    this.consumer = new EventConsumer(dataSource, {
      name: 'model-directory',
      source: REGISTRY_LOG,
      cursorSchema: schema,
      handle: (events, manager) => this.record(manager, events),
    });
  }

  /** The version whoever asks may or may not see, or NOT_FOUND. Answers for versions created a moment ago too. */
  async get(id: string, manager: EntityManager = this.dataSource.manager): Promise<KnownModelVersion> {
    const [known] = await this.getMany([id], manager);
    if (!known) throw new NotFoundError('ModelVersion', id);
    return known;
  }

  /** The version, or NOT_FOUND when it does not exist or `principal` may not see it: the two look alike. */
  async getVisible(
    principal: Principal,
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<KnownModelVersion> {
    const [known] = await this.getVisibleMany(principal, [id], manager);
    if (!known) throw new NotFoundError('ModelVersion', id);
    return known;
  }

  /** `getMany`, with null in place of each version `principal` may not see. */
  async getVisibleMany(
    principal: Principal,
    ids: readonly string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<(KnownModelVersion | null)[]> {
    const versions = await this.getMany(ids, manager);
    return versions.map((version) => (version && canSee(principal, version) ? version : null));
  }

  /**
   * The version, provided `actor` may see it and holds at least `minimum` in the owning team
   * (platform admins act in every team): only they may change what is recorded about a version.
   * NOT_FOUND first (a version the caller may not see is one that does not exist), then FORBIDDEN.
   */
  async getForTeamMember(
    actor: Principal,
    id: string,
    doing: string,
    manager: EntityManager = this.dataSource.manager,
    minimum: TeamRole = 'contributor',
  ): Promise<KnownModelVersion> {
    const version = await this.getVisible(actor, id, manager);
    if (!hasTeamRole(actor, version.teamSlug, minimum)) {
      throw new ForbiddenError(`Only ${minimum}s of team "${version.teamSlug}" can ${doing}`);
    }
    return version;
  }

  /** Every version asked for, visible or not; null for unknown ones. Apply a rule before answering a caller. */
  async getMany(
    ids: readonly string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<(KnownModelVersion | null)[]> {
    // Postgres prints uuids in lower case, and the log's subject ids are text: normalise first.
    const normalised = ids.map((id) => id.toLowerCase());
    const valid = [...new Set(normalised.filter(isUuid))];
    const found = new Map((await this.select(manager, valid)).map((row) => [row.model_version_id, row]));
    const missing = valid.filter((id) => !found.has(id));
    if (missing.length > 0) {
      // The background consumer only reads transactions older than every running one, so a
      // version committed a moment ago may not have reached us yet: read its event directly.
      await this.insert(manager, await this.recover(manager, missing));
      for (const row of await this.select(manager, missing)) found.set(row.model_version_id, row);
    }
    return normalised.map((id) => {
      const row = found.get(id);
      return row ? toKnown(row) : null;
    });
  }

  private async recover(manager: EntityManager, ids: string[]): Promise<Row[]> {
    const rows: (RawEvent & { actor: string })[] = await manager.query(
      `/* findModelVersionCreated */ SELECT event_id AS "eventId", type, subject_type AS "subjectType",
              subject_id AS "subjectId", actor, payload
         FROM "${registryEvents.schema}".event_log
        WHERE type = $1 AND subject_type = $2 AND subject_id = ANY($3::text[])`,
      [MODEL_VERSION_CREATED, registryEvents.kinds.ModelVersionCreated.subjectType, ids],
    );
    return rows.flatMap((event) => {
      try {
        return [fromEvent(event)];
      } catch (error) {
        // A lookup is not the place to judge stored events: the version stays unknown here,
        // and the consumer, reading the same event, quarantines it.
        if (error instanceof MalformedEventError) return [];
        throw error;
      }
    });
  }

  /** Visibility as of now: the latest published change wins over the copy kept here. */
  private select(manager: EntityManager, ids: string[]): Promise<Row[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return manager.query(
      `/* selectKnownModelVersions */ SELECT k.model_version_id, k.model_id, k.model_name, k.team_slug,
              k.version, k.created_by, coalesce(${latestVisibilityChange('k.model_id')}, k.visibility) AS visibility
         FROM "${this.schema}".known_model_version AS k WHERE k.model_version_id = ANY($1::uuid[])`,
      [ids],
    );
  }

  /**
   * Applies a batch: new versions, then changes of visibility. Each change sets its model's
   * versions to the latest change in the log rather than to its own `to`, so an event replayed
   * out of order by an operator cannot bring back an older visibility.
   */
  private async record(manager: EntityManager, events: StoredEvent[]): Promise<void> {
    await this.insert(manager, events.filter((e) => e.type === MODEL_VERSION_CREATED).map(fromEvent));
    const changed = events
      .filter((e) => e.type === MODEL_VISIBILITY_CHANGED)
      .map((e) => registryEvents.parseAs(MODEL_VISIBILITY_CHANGED, e).modelId.toLowerCase());
    if (changed.length === 0) return;
    await manager.query(
      `/* applyModelVisibilityChanges */ UPDATE "${this.schema}".known_model_version AS k
          SET visibility = coalesce(${latestVisibilityChange('k.model_id')}, k.visibility)
        WHERE k.model_id = ANY($1::uuid[])`,
      [[...new Set(changed)]],
    );
  }

  private async insert(manager: EntityManager, rows: Row[]): Promise<void> {
    if (rows.length === 0) return;
    await manager.query(
      `/* recordKnownModelVersions */ INSERT INTO "${this.schema}".known_model_version
         (model_version_id, model_id, model_name, team_slug, version, created_by, visibility)
       SELECT v.id, v.model_id, v.model_name, v.team_slug, v.version, v.created_by,
              coalesce(${latestVisibilityChange('v.model_id')}, v.visibility)
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::int[], $6::text[], $7::text[])
           AS v (id, model_id, model_name, team_slug, version, created_by, visibility)
       ON CONFLICT (model_version_id) DO NOTHING`,
      [
        rows.map((r) => r.model_version_id),
        rows.map((r) => r.model_id),
        rows.map((r) => r.model_name),
        rows.map((r) => r.team_slug),
        rows.map((r) => r.version),
        rows.map((r) => r.created_by),
        rows.map((r) => r.visibility),
      ],
    );
  }
}
