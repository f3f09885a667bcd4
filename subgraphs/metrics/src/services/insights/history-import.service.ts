import { createHash, randomUUID } from 'node:crypto';
import { ConflictError, ForbiddenError, NotFoundError, parseInput } from '@cairn/errors';
import { type InsightsHistoryImportedPayload, MetricsEvents } from '@cairn/events';
import { actorOf, hasScope, isPlatformAdmin, type Principal } from '@cairn/identity';
import type { DataSource, EntityManager } from 'typeorm';
import { metricsEventLog } from '../../data-source';
import { type HistoryImportCommand, historyImportRules } from './history-import-rules';
import { seesEveryTeam } from './insights.service';
import { InsightsQueries } from './insights-queries';

export interface HistoryImportRow {
  id: string;
  source: string;
  importedBy: string;
  importedAt: Date;
  models: number;
  versions: number;
  promotions: number;
  earliest: Date;
  latest: Date;
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
    if (!hasScope(actor, 'write') || !isPlatformAdmin(actor)) {
      throw new ForbiddenError('Importing history into the insights needs the platform-admin role');
    }
    const command = parseInput(historyImportRules(new Date()), input);
    const queries = new InsightsQueries(this.dataSource.manager);
    for (const team of new Set(command.models.map((m) => m.team))) {
      if (!(await queries.teamExists(team))) throw new NotFoundError('Team', team);
    }
    const models = historyPayload(command);
    const versions = command.models.flatMap((m) => m.versions.map((v) => ({ model: m, version: v })));
    // Every other time follows a model's registration and ends at a decision or going live.
    const earliest = Math.min(...command.models.map((m) => m.registeredAt.getTime()));
    const latest = versions.reduce(
      (max, { version }) =>
        Math.max(
          max,
          version.registeredAt.getTime(),
          ...version.promotions.map((p) => (p.liveAt ?? p.decidedAt).getTime()),
        ),
      earliest,
    );
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
          command.models.length,
          versions.length,
          versions.reduce((sum, { version }) => sum + version.promotions.length, 0),
          new Date(earliest),
          new Date(latest),
        ],
      );
      await this.claimVersions(manager, id, command);
      await metricsEventLog.publish(manager, {
        type: MetricsEvents.InsightsHistoryImported,
        subjectId: id,
        actor: by,
        payload: { importId: id, source: command.source, models },
      });
      return row!;
    });
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
    const keys = command.models.flatMap((m) => m.versions.map((v) => [m.team, m.name, v.version] as const));
    const claimed: unknown[] = await manager.query(
      `/* claimHistoryVersions */ INSERT INTO metrics.insights_history_version
         (source, team_slug, model_name, version, import_id)
       SELECT $1, k.team, k.name, k.version, $2
         FROM unnest($3::text[], $4::text[], $5::int[]) AS k(team, name, version)
       ON CONFLICT DO NOTHING RETURNING 1`,
      [command.source, importId, keys.map((k) => k[0]), keys.map((k) => k[1]), keys.map((k) => k[2])],
    );
    if (claimed.length === keys.length) return;
    const [taken]: { team_slug: string; model_name: string; version: number; import_id: string }[] =
      await manager.query(
        `/* firstImportedHistoryVersion */ SELECT h.team_slug, h.model_name, h.version, h.import_id
           FROM metrics.insights_history_version h
           JOIN unnest($2::text[], $3::text[], $4::int[]) AS k(team, name, version)
             ON h.team_slug = k.team AND h.model_name = k.name AND h.version = k.version
          WHERE h.source = $1 AND h.import_id <> $5
          ORDER BY h.team_slug, h.model_name, h.version LIMIT 1`,
        [command.source, keys.map((k) => k[0]), keys.map((k) => k[1]), keys.map((k) => k[2]), importId],
      );
    throw new ConflictError(
      taken
        ? `Version ${taken.version} of ${taken.team_slug}/${taken.model_name} from "${command.source}" was already imported (import ${taken.import_id}); nothing was imported`
        : `Part of this history from "${command.source}" is being imported by another call; nothing was imported`,
    );
  }
}
