import { isUuid } from '@cairn/database';
import { ForbiddenError, NotFoundError } from '@cairn/errors';
import { EventConsumer, EventLog, type StoredEvent } from '@cairn/event-log';
import { isMemberOf, type Principal } from '@cairn/identity';
import type { DataSource, EntityManager } from 'typeorm';

/** The registry's log and the event this projection is built from: the contract it relies on. */
const REGISTRY_LOG = new EventLog('registry');
const MODEL_VERSION_CREATED = 'registry.ModelVersionCreated';

export interface KnownModelVersion {
  id: string;
  modelId: string;
  modelName: string;
  teamSlug: string;
  version: number;
}

interface Row {
  model_version_id: string;
  model_id: string;
  model_name: string;
  team_slug: string;
  version: number;
}

function toKnown(row: Row): KnownModelVersion {
  return {
    id: row.model_version_id,
    modelId: row.model_id,
    modelName: row.model_name,
    teamSlug: row.team_slug,
    version: row.version,
  };
}

function fromEvent(event: Pick<StoredEvent, 'payload'>): Row | null {
  const p = event.payload as Record<string, unknown>;
  if (typeof p.modelVersionId !== 'string' || typeof p.modelId !== 'string') return null;
  return {
    model_version_id: p.modelVersionId,
    model_id: p.modelId,
    model_name: String(p.modelName ?? ''),
    team_slug: String(p.teamSlug ?? ''),
    version: Number(p.version ?? 0),
  };
}

/**
 * What a subgraph other than the registry knows about model versions: which exist, their model
 * and owning team. Kept in the subgraph's own schema from the registry's event log, so no
 * subgraph reads the registry's tables.
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
      handle: (events, manager) =>
        this.record(
          manager,
          events.filter((e) => e.type === MODEL_VERSION_CREATED),
        ),
    });
  }

  /** The version, or NOT_FOUND. Answers for versions created a moment ago too. */
  async get(id: string, manager: EntityManager = this.dataSource.manager): Promise<KnownModelVersion> {
    const [known] = await this.getMany([id], manager);
    if (!known) throw new NotFoundError('ModelVersion', id);
    return known;
  }

  /**
   * The version, provided `actor` may act on it: only members of the owning team (and admins)
   * may change what is recorded about a version. NOT_FOUND first, then FORBIDDEN.
   */
  async getForTeamMember(
    actor: Principal,
    id: string,
    doing: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<KnownModelVersion> {
    const version = await this.get(id, manager);
    if (!isMemberOf(actor, version.teamSlug)) {
      throw new ForbiddenError(`Only members of team "${version.teamSlug}" can ${doing}`);
    }
    return version;
  }

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
      const rows: { payload: Record<string, unknown> }[] = await manager.query(
        `/* findModelVersionCreated */ SELECT payload FROM registry.event_log
          WHERE type = $1 AND subject_type = 'ModelVersion' AND subject_id = ANY($2::text[])`,
        [MODEL_VERSION_CREATED, missing],
      );
      const recovered = rows.map((row) => fromEvent(row)).filter((row): row is Row => row !== null);
      await this.insert(manager, recovered);
      for (const row of recovered) found.set(row.model_version_id, row);
    }
    return normalised.map((id) => {
      const row = found.get(id);
      return row ? toKnown(row) : null;
    });
  }

  private select(manager: EntityManager, ids: string[]): Promise<Row[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return manager.query(
      `/* selectKnownModelVersions */ SELECT model_version_id, model_id, model_name, team_slug, version
         FROM "${this.schema}".known_model_version WHERE model_version_id = ANY($1::uuid[])`,
      [ids],
    );
  }

  private async record(manager: EntityManager, events: StoredEvent[]): Promise<void> {
    await this.insert(
      manager,
      events.map(fromEvent).filter((row): row is Row => row !== null),
    );
  }

  private async insert(manager: EntityManager, rows: Row[]): Promise<void> {
    if (rows.length === 0) return;
    await manager.query(
      `/* recordKnownModelVersions */ INSERT INTO "${this.schema}".known_model_version
         (model_version_id, model_id, model_name, team_slug, version)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::int[])
       ON CONFLICT (model_version_id) DO NOTHING`,
      [
        rows.map((r) => r.model_version_id),
        rows.map((r) => r.model_id),
        rows.map((r) => r.model_name),
        rows.map((r) => r.team_slug),
        rows.map((r) => r.version),
      ],
    );
  }
}
