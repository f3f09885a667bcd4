import { createHash, randomUUID } from 'node:crypto';
import { ConflictError, ForbiddenError, NotFoundError, parseInput } from '@cairn/errors';
import { type InsightsHistoryImportedPayload, MetricsEvents } from '@cairn/events';
import { actorOf, hasScope, isPlatformAdmin, type Principal } from '@cairn/identity';
import type { DataSource, EntityManager } from 'typeorm';
import { metricsEventLog } from '../../data-source';
import { type HistoryImportCommand, historyImportRules } from './history-import-rules';
import { seesEveryTeam } from './insights.service';
import { InsightsQueries } from './insights-queries';

/** What a history holds: counts and the span of its times. */
export interface HistorySummary {
  models: number;
  versions: number;
  promotions: number;
  earliest: Date;
  latest: Date;
}

export interface HistoryImportRow extends HistorySummary {
  id: string;
  source: string;
  importedBy: string;
  importedAt: Date;
}

const COLUMNS = `id, source, imported_by AS "importedBy", imported_at AS "importedAt", models, versions,
  promotions, earliest, latest`;

/**
 * The same (source, team, model, version) always gets the same id, and one that can never be a
 * Cairn id (those are random v4): an imported fact cannot land on a real model's row.
 */
export function historyId(...parts: (string | number)[]): string {
  const hex = createHash('sha256')
    .update(['cairn-history', ...parts].join('\u0000'))
    .digest('hex');
  const variant = ((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The event's models: ids derived, times as ISO strings. */
function historyPayload(command: HistoryImportCommand): InsightsHistoryImportedPayload['models'] {
  const { source } = command;
  return command.models.map((m) => ({
    modelId: historyId('model', source, m.team, m.name),
    teamSlug: m.team,
    name: m.name,
    visibility: m.visibility,
    registeredAt: m.registeredAt.toISOString(),
    versions: m.versions.map((v) => ({
      modelVersionId: historyId('version', source, m.team, m.name, v.version),
      version: v.version,
      registeredAt: v.registeredAt.toISOString(),
      promotions: v.promotions.map((p, i) => ({
        requestId: historyId('promotion', source, m.team, m.name, v.version, i),
        targetStage: p.targetStage,
        requestedAt: p.requestedAt.toISOString(),
        // A completed promotion was approved: when the source does not say when, at its decision.
        firstApprovedAt:
          (p.firstApprovedAt ?? (p.outcome === 'COMPLETED' ? p.decidedAt : null))?.toISOString() ?? null,
        decidedAt: p.decidedAt.toISOString(),
        outcome: p.outcome,
        liveAt: p.liveAt?.toISOString() ?? null,
        rejectionReason: p.rejectionReason ?? null,
      })),
    })),
  }));
}

/**
 * Imports registrations and promotions from before Cairn, so the dashboards' trends go back as
 * far as the organisation's history. Platform admins only: the figures leadership reads come
 * from it. It is recorded (who, when, from where, how much) and announced as
 * `metrics.InsightsHistoryImported`, from which the insights consumer fills the projections like
 * any other fact; the facts keep the times they happened at, the event the time of the import.
 * A version is imported once: a second import of it is a CONFLICT and writes nothing.
 */
export class HistoryImportService {
  constructor(private readonly dataSource: DataSource) {}

  async import(actor: Principal, input: unknown): Promise<HistoryImportRow> {
    const { command, summary } = await this.prepare(actor, input, 'write');
    const id = randomUUID();
    const by = actorOf(actor);
    return this.dataSource.transaction(async (manager) => {
      const [row]: HistoryImportRow[] = await manager.query(
        `/* recordHistoryImport */ INSERT INTO metrics.insights_history_import
           (id, source, imported_by, models, versions, promotions, earliest, latest)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
        [
          id,
          command.source,
          by,
          summary.models,
          summary.versions,
          summary.promotions,
          summary.earliest,
          summary.latest,
        ],
      );
      await this.claimVersions(manager, id, command);
      await metricsEventLog.publish(manager, {
        type: MetricsEvents.InsightsHistoryImported,
        subjectId: id,
        actor: by,
        payload: { importId: id, source: command.source, models: historyPayload(command) },
      });
      return row!;
    });
  }

  /**
   * Everything `import` would refuse, refused the same way, and nothing written: a migration
   * checks its whole file before the first batch lands.
   */
  async check(actor: Principal, input: unknown): Promise<HistorySummary> {
    const { command, summary } = await this.prepare(actor, input, 'read');
    const taken = await this.firstImported(this.dataSource.manager, command);
    if (taken) throw alreadyImported(command.source, taken);
    return summary;
  }

  /** Rights, rules and teams, in the order every caller meets them. */
  private async prepare(actor: Principal, input: unknown, scope: 'read' | 'write') {
    if (!hasScope(actor, scope) || !isPlatformAdmin(actor)) {
      throw new ForbiddenError('Importing history into the insights needs the platform-admin role');
    }
    const command = parseInput(historyImportRules(new Date()), input);
    const queries = new InsightsQueries(this.dataSource.manager);
    for (const team of new Set(command.models.map((m) => m.team))) {
      if (!(await queries.teamExists(team))) throw new NotFoundError('Team', team);
    }
    return { command, summary: summarise(command) };
  }

  /** Every import, newest first: for those who see every team's figures. */
  async list(actor: Principal): Promise<HistoryImportRow[]> {
    if (!seesEveryTeam(actor)) {
      throw new ForbiddenError('Imported history is listed for executives, platform admins and auditors');
    }
    return this.dataSource.manager.query(
      `/* listHistoryImports */ SELECT ${COLUMNS} FROM metrics.insights_history_import
        ORDER BY imported_at DESC, id`,
    );
  }

  /** Records each version as imported; one imported before refuses the whole import. */
  private async claimVersions(manager: EntityManager, importId: string, command: HistoryImportCommand) {
    const keys = versionKeys(command);
    const claimed: unknown[] = await manager.query(
      `/* claimHistoryVersions */ INSERT INTO metrics.insights_history_version
         (source, team_slug, model_name, version, import_id)
       SELECT $1, k.team, k.name, k.version, $2
         FROM unnest($3::text[], $4::text[], $5::int[]) AS k(team, name, version)
       ON CONFLICT DO NOTHING RETURNING 1`,
      [command.source, importId, keys.teams, keys.names, keys.versions],
    );
    if (claimed.length === keys.versions.length) return;
    const taken = await this.firstImported(manager, command, importId);
    throw taken
      ? alreadyImported(command.source, taken)
      : new ConflictError(
          `Part of this history from "${command.source}" is being imported by another call; nothing was imported`,
        );
  }

  /** The first of the command's versions an earlier import (not `importId`) holds, if any. */
  private async firstImported(
    manager: EntityManager,
    command: HistoryImportCommand,
    importId: string | null = null,
  ): Promise<ImportedVersion | undefined> {
    const keys = versionKeys(command);
    const [taken]: ImportedVersion[] = await manager.query(
      `/* firstImportedHistoryVersion */ SELECT h.team_slug, h.model_name, h.version, h.import_id
         FROM metrics.insights_history_version h
         JOIN unnest($2::text[], $3::text[], $4::int[]) AS k(team, name, version)
           ON h.team_slug = k.team AND h.model_name = k.name AND h.version = k.version
        WHERE h.source = $1 AND h.import_id IS DISTINCT FROM $5
        ORDER BY h.team_slug, h.model_name, h.version LIMIT 1`,
      [command.source, keys.teams, keys.names, keys.versions, importId],
    );
    return taken;
  }
}

interface ImportedVersion {
  team_slug: string;
  model_name: string;
  version: number;
  import_id: string;
}

const alreadyImported = (source: string, taken: ImportedVersion) =>
  new ConflictError(
    `Version ${taken.version} of ${taken.team_slug}/${taken.model_name} from "${source}" was already imported (import ${taken.import_id}); nothing was imported`,
  );

function versionKeys(command: HistoryImportCommand) {
  const keys = command.models.flatMap((m) => m.versions.map((v) => [m.team, m.name, v.version] as const));
  return { teams: keys.map((k) => k[0]), names: keys.map((k) => k[1]), versions: keys.map((k) => k[2]) };
}

/** How much a command holds and the span of its times. */
function summarise(command: HistoryImportCommand): HistorySummary {
  const versions = command.models.flatMap((m) => m.versions);
  // Every other time follows a model's registration and ends at a decision or going live.
  const earliest = Math.min(...command.models.map((m) => m.registeredAt.getTime()));
  const latest = versions.reduce(
    (max, version) =>
      Math.max(
        max,
        version.registeredAt.getTime(),
        ...version.promotions.map((p) => (p.liveAt ?? p.decidedAt).getTime()),
      ),
    earliest,
  );
  return {
    models: command.models.length,
    versions: versions.length,
    promotions: versions.reduce((sum, v) => sum + v.promotions.length, 0),
    earliest: new Date(earliest),
    latest: new Date(latest),
  };
}
