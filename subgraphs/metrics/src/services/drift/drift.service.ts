import { isUuid } from '@cairn/database';
import { ForbiddenError, InvalidInputError, NotFoundError, parseInput } from '@cairn/errors';
import type { FeatureDriftPayload } from '@cairn/events';
import { actorOf, hasScope, hasTeamRole, hasTeamRoleAnywhere, type Principal } from '@cairn/identity';
import type { KnownModelVersion, ModelDirectory } from '@cairn/model-directory';
import type { DataSource, EntityManager } from 'typeorm';
import { metricsEventLog } from '../../data-source';
import { MetricsEvents } from '../../events';
import {
  type Histogram,
  type RegisterReferenceCommand,
  type ReportWindowCommand,
  registerReferenceRules,
  reportWindowRules,
  resolveAlarmRules,
} from './drift-rules';
import { type DriftThresholds, featureDrift } from './drift-statistics';
import { type DriftAlarmRow, DriftStore, type FeatureComparisonRow, type ReferenceRow } from './drift-store';
import { versionLineage } from './version-lineage';

/**
 * What a serving system's API token needs to report production windows without `write`: with
 * `read` (every operation needs it), on an account with the contributor role in the team.
 */
export const SERVING_REPORT_SCOPE = 'serving:report' as const;

export interface WindowReport {
  windowId: string;
  drifted: boolean;
  features: FeatureDriftPayload[];
  openAlarm: DriftAlarmRow | null;
}

interface JudgedFeature {
  feature: string;
  labels: string[] | null;
  referenceCounts: number[];
  counts: number[];
  psi: number;
  ks: number | null;
  drifted: boolean;
}

/**
 * Drift detection: references registered by the team's contributors, production windows
 * reported by serving systems, each window judged per feature (PSI; KS for numeric features).
 * A drifted window with no alarm open raises one, with a retrain suggestion from the version's
 * lineage; a later healthy window, or a contributor acknowledging it, resolves it. At most one
 * alarm per version is open: windows of a version are judged one at a time (advisory lock).
 */
export class DriftService {
  readonly store: DriftStore;

  constructor(
    private readonly dataSource: DataSource,
    private readonly directory: ModelDirectory,
    private readonly defaults: DriftThresholds,
  ) {
    this.store = new DriftStore(dataSource);
  }

  /** Registers a version's reference set (it replaces the previous one) and answers the version's distributions. */
  async registerReferences(actor: Principal, input: unknown): Promise<FeatureComparisonRow[]> {
    if (!hasScope(actor, 'write') || !hasTeamRoleAnywhere(actor, 'contributor')) {
      throw new ForbiddenError(
        'Registering reference distributions needs the contributor role in the owning team',
      );
    }
    const command: RegisterReferenceCommand = parseInput(registerReferenceRules, input);
    const by = actorOf(actor);
    const versionId = await this.dataSource.transaction(async (manager) => {
      const version = await this.directory.getForTeamMember(
        actor,
        command.modelVersionId,
        'register reference distributions for this version',
        manager,
      );
      const id = await this.store.insertReferenceSet(manager, version.id, command, by);
      await metricsEventLog.publish(manager, {
        type: MetricsEvents.ReferenceDistributionsRegistered,
        subjectId: version.id,
        actor: by,
        payload: {
          referenceSetId: id,
          modelVersionId: version.id,
          modelId: version.modelId,
          teamSlug: version.teamSlug,
          source: command.source,
          features: command.features.map((f) => f.feature),
        },
      });
      return version.id;
    });
    return this.store.comparisonsOf(versionId);
  }

  /** Records a production window and acts on its verdict. */
  async reportWindow(actor: Principal, input: unknown): Promise<WindowReport> {
    const mayReport = hasScope(actor, 'write') || hasScope(actor, SERVING_REPORT_SCOPE);
    if (!mayReport || !hasTeamRoleAnywhere(actor, 'contributor')) {
      throw new ForbiddenError(
        `Reporting production windows needs the contributor role in the owning team and the write or ${SERVING_REPORT_SCOPE} scope`,
      );
    }
    const command: ReportWindowCommand = parseInput(reportWindowRules, input);
    const by = actorOf(actor);
    const report = await this.dataSource.transaction(async (manager) => {
      const version = await this.directory.getForTeamMember(
        actor,
        command.modelVersionId,
        'report production windows for this version',
        manager,
      );
      await manager.query(`/* lockVersionDrift */ SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
        `drift:${version.id}`,
      ]);
      const set = await this.store.currentReferenceSet(manager, version.id);
      if (!set) {
        throw InvalidInputError.field(
          'modelVersionId',
          'this version has no reference distributions registered',
        );
      }
      const thresholds = {
        psi: set.psiThreshold ?? this.defaults.psi,
        ks: set.ksThreshold ?? this.defaults.ks,
      };
      const judged = command.features.map((h, i) => judge(h, set.references, i, thresholds));
      const drifted = judged.some((f) => f.drifted);
      const windowId = await this.store.insertWindow(manager, {
        versionId: version.id,
        referenceSetId: set.id,
        window: command.window,
        thresholds,
        drifted,
        by,
        features: judged,
      });
      const summary = judged.map(({ feature, psi, ks, drifted }) => ({ feature, psi, ks, drifted }));
      const base = { modelVersionId: version.id, modelId: version.modelId, teamSlug: version.teamSlug };
      const window = {
        windowStart: command.window.start.toISOString(),
        windowEnd: command.window.end.toISOString(),
      };
      await metricsEventLog.publish(manager, {
        type: MetricsEvents.ProductionWindowReported,
        subjectId: version.id,
        actor: by,
        payload: { ...base, windowId, ...window, drifted, features: summary },
      });
      const open = await this.store.openAlarmOf(manager, version.id);
      if (drifted && !open) {
        await this.raise(
          manager,
          version,
          windowId,
          window,
          thresholds,
          summary.filter((f) => f.drifted),
          by,
        );
      } else if (!drifted && open) {
        await this.resolve(manager, version, open, 'HEALTHY_WINDOW', windowId, null, by);
      }
      return { windowId, drifted, features: summary, versionId: version.id };
    });
    const openAlarm = await this.store.openAlarmOf(this.dataSource.manager, report.versionId);
    return { windowId: report.windowId, drifted: report.drifted, features: report.features, openAlarm };
  }

  /** The open alarms of a model's versions, or NOT_FOUND for a model the caller may not see. */
  async openAlarmsOfModel(actor: Principal, modelId: string): Promise<DriftAlarmRow[]> {
    const versionId = isUuid(modelId) ? await this.store.someVersionOfModel(modelId) : null;
    const [version] = versionId ? await this.directory.getVisibleMany(actor, [versionId]) : [null];
    if (!version) throw new NotFoundError('Model', modelId);
    return this.store.openAlarmsOfModel(version.modelId);
  }

  /** A contributor closes an open alarm (seen, handled, or a retrain is under way). */
  async acknowledgeAlarm(actor: Principal, input: unknown): Promise<DriftAlarmRow> {
    if (!hasScope(actor, 'write') || !hasTeamRoleAnywhere(actor, 'contributor')) {
      throw new ForbiddenError('Acknowledging drift alarms needs the contributor role in the owning team');
    }
    const { alarmId, note } = parseInput(resolveAlarmRules, input);
    return this.dataSource.transaction(async (manager) => {
      const alarm = await this.store.alarm(manager, alarmId);
      if (!alarm) throw new NotFoundError('DriftAlarm', alarmId);
      // An alarm of a version the caller may not see is one that does not exist.
      const [version] = await this.directory.getVisibleMany(actor, [alarm.modelVersionId], manager);
      if (!version) throw new NotFoundError('DriftAlarm', alarmId);
      if (!hasTeamRole(actor, version.teamSlug, 'contributor')) {
        throw new ForbiddenError(
          `Only contributors of team "${version.teamSlug}" can acknowledge its drift alarms`,
        );
      }
      await manager.query(`/* lockVersionDrift */ SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
        `drift:${version.id}`,
      ]);
      const current = (await this.store.alarm(manager, alarmId))!;
      if (current.resolution) return current;
      await this.resolve(manager, version, current, 'ACKNOWLEDGED', null, note ?? null, actorOf(actor));
      return (await this.store.alarm(manager, alarmId))!;
    });
  }

  private async raise(
    manager: EntityManager,
    version: KnownModelVersion,
    windowId: string,
    window: { windowStart: string; windowEnd: string },
    thresholds: DriftThresholds,
    features: { feature: string; psi: number; ks: number | null; drifted: boolean }[],
    by: string,
  ): Promise<void> {
    const alarmId = await this.store.insertAlarm(manager, version.id, windowId);
    const lineage = await versionLineage(manager, version.id);
    const suggestionId = await this.store.insertSuggestion(manager, alarmId, version.id, lineage, features);
    const base = {
      alarmId,
      modelVersionId: version.id,
      modelId: version.modelId,
      teamSlug: version.teamSlug,
    };
    await metricsEventLog.publish(manager, {
      type: MetricsEvents.DriftAlarmRaised,
      subjectId: version.id,
      actor: by,
      payload: { ...base, windowId, ...window, thresholds, features },
    });
    await metricsEventLog.publish(manager, {
      type: MetricsEvents.RetrainSuggested,
      subjectId: version.id,
      actor: by,
      payload: { ...base, suggestionId, ...lineage, features },
    });
  }

  private async resolve(
    manager: EntityManager,
    version: KnownModelVersion,
    alarm: DriftAlarmRow,
    resolution: 'HEALTHY_WINDOW' | 'ACKNOWLEDGED',
    windowId: string | null,
    note: string | null,
    by: string,
  ): Promise<void> {
    await this.store.insertResolution(manager, alarm.id, resolution, windowId, note, by);
    await metricsEventLog.publish(manager, {
      type: MetricsEvents.DriftAlarmResolved,
      subjectId: version.id,
      actor: by,
      payload: {
        alarmId: alarm.id,
        modelVersionId: version.id,
        modelId: version.modelId,
        teamSlug: version.teamSlug,
        resolution,
        windowId,
        note,
      },
    });
  }
}

/**
 * One feature of a window against its reference: numeric bins must be the reference's edges;
 * categories are aligned to the reference's, and categories the reference never saw are
 * appended with a reference count of 0 (PSI's epsilon makes a new category count as drift).
 */
function judge(
  h: Histogram,
  references: ReferenceRow[],
  index: number,
  thresholds: DriftThresholds,
): JudgedFeature {
  const path = `features.${index}`;
  const reference = references.find((r) => r.feature === h.feature);
  if (!reference) {
    throw new InvalidInputError([
      {
        path: `${path}.feature`,
        message: 'has no reference distribution for this version',
        rule: 'drift/unknown-feature',
      },
    ]);
  }
  if (reference.binEdges) {
    const same =
      h.binEdges !== null &&
      h.binEdges.length === reference.binEdges.length &&
      h.binEdges.every((edge, i) => edge === reference.binEdges![i]);
    if (!same) {
      throw new InvalidInputError([
        {
          path: `${path}.binEdges`,
          message: 'mismatched bins: must be the reference’s bin edges',
          rule: 'drift/mismatched-bins',
        },
      ]);
    }
    const drift = featureDrift(reference.counts, h.counts, true, thresholds);
    return {
      feature: h.feature,
      labels: null,
      referenceCounts: reference.counts,
      counts: h.counts,
      ...drift,
    };
  }
  if (!h.categories) {
    throw new InvalidInputError([
      {
        path: `${path}.categories`,
        message: 'mismatched bins: the reference is categorical',
        rule: 'drift/mismatched-bins',
      },
    ]);
  }
  const labels = [
    ...reference.categories!,
    ...h.categories.filter((c) => !reference.categories!.includes(c)),
  ];
  const observed = new Map(h.categories.map((c, i) => [c, h.counts[i]!]));
  const referenceCounts = labels.map((_, i) => reference.counts[i] ?? 0);
  const counts = labels.map((label) => observed.get(label) ?? 0);
  return {
    feature: h.feature,
    labels,
    referenceCounts,
    counts,
    ...featureDrift(referenceCounts, counts, false, thresholds),
  };
}
