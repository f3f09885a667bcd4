import {
  MalformedEventError,
  MetricsEvents,
  metricsEvents,
  RegistryEvents,
  registryEvents,
} from '@cairn/events';
import type { GuardrailEvidenceInput } from '@cairn/guardrails';
import type { KnownModelVersion } from '@cairn/model-directory';
import { verifyModelSignature } from '@cairn/signing';
import type { EntityManager } from 'typeorm';
import { productionVersionOf } from './promotion-store';

const CREATED_EVENTS = [RegistryEvents.ModelVersionCreated, RegistryEvents.ModelVersionImported];

interface CreationRecord {
  manifestDigest: string | null;
  evidence: {
    license: string | null;
    card: Record<string, unknown> | null;
    provenance: Record<string, unknown>;
    files: { path: string; sha256: string }[];
    signature: { keyId: string; publicKeyPem: string; bundle: unknown; signer: 'registry' } | null;
  } | null;
}

interface LoggedRow {
  event_id: string;
  type: string;
  subject_type: string;
  payload: unknown;
}

/**
 * What the registry published when the version was made: its manifest digest and what the
 * guardrails judge (license, card, provenance, files, signature). Read from the registry's log,
 * the contract between the two; versions of releases before either have nulls.
 */
export async function creationRecordOf(
  manager: EntityManager,
  modelVersionId: string,
): Promise<CreationRecord> {
  const rows: LoggedRow[] = await manager.query(
    `/* findVersionCreatedEvents */ SELECT event_id, type, subject_type, payload FROM registry.event_log
      WHERE subject_type = 'ModelVersion' AND subject_id = $1 AND type = ANY($2::text[])
      ORDER BY id`,
    [modelVersionId, CREATED_EVENTS],
  );
  const record: CreationRecord = { manifestDigest: null, evidence: null };
  for (const row of rows) {
    try {
      const event = registryEvents.parse({
        eventId: row.event_id,
        type: row.type,
        subjectType: row.subject_type,
        subjectId: modelVersionId,
        payload: row.payload,
      });
      const payload = event.payload as { manifestDigest?: string; evidence?: CreationRecord['evidence'] };
      record.manifestDigest = payload.manifestDigest ?? record.manifestDigest;
      record.evidence = payload.evidence ?? record.evidence;
    } catch (error) {
      // A malformed event is the consumers' to quarantine; it simply tells us nothing.
      if (!(error instanceof MalformedEventError)) throw error;
    }
  }
  return record;
}

/** The latest value of each metric logged for a version, from the metrics subgraph's log. */
export async function metricsOf(
  manager: EntityManager,
  modelVersionId: string,
): Promise<Record<string, number>> {
  const [log]: { present: boolean }[] = await manager.query(
    `/* metricsLogExists */ SELECT to_regclass('metrics.event_log') IS NOT NULL AS present`,
  );
  // A deployment whose metrics subgraph was never migrated has no metrics to show.
  if (!log?.present) return {};
  const rows: LoggedRow[] = await manager.query(
    `/* findMetricsLogged */ SELECT event_id, type, subject_type, payload FROM metrics.event_log
      WHERE subject_type = 'ModelVersion' AND subject_id = $1 AND type = $2 ORDER BY id`,
    [modelVersionId, MetricsEvents.MetricsLogged],
  );
  const latest: Record<string, number> = {};
  for (const row of rows) {
    try {
      const { metrics } = metricsEvents.parseAs(MetricsEvents.MetricsLogged, {
        eventId: row.event_id,
        type: row.type,
        subjectType: row.subject_type,
        subjectId: modelVersionId,
        payload: row.payload,
      });
      for (const metric of metrics) latest[metric.name] = metric.value;
    } catch (error) {
      if (!(error instanceof MalformedEventError)) throw error;
    }
  }
  return latest;
}

/**
 * The evidence document for a version's promotion (`@cairn/guardrails`): what the registry
 * recorded at registration, the signature checked over the manifest's files, the version's
 * metrics and the current PRODUCTION version's. Registration refuses sensitive data, so a
 * registered version has passed that scan.
 */
export async function assembleEvidence(
  manager: EntityManager,
  version: Pick<KnownModelVersion, 'id' | 'modelId'>,
): Promise<GuardrailEvidenceInput> {
  const { manifestDigest, evidence } = await creationRecordOf(manager, version.id);
  const production = await productionVersionOf(manager, version.modelId, version.id);
  const productionLabel = production
    ? ((
        await manager.query(
          `/* knownVersionNumber */ SELECT version FROM governance.known_model_version WHERE model_version_id = $1`,
          [production],
        )
      )[0]?.version as number | undefined)
    : undefined;
  const provenance = evidence?.provenance ?? null;
  const packages = (provenance?.dependencies as { packages?: unknown[] } | undefined)?.packages ?? [];
  return {
    subject: { modelVersionId: version.id, manifestDigest },
    modelCard: (evidence?.card as Record<string, never> | null) ?? null,
    provenance: provenance as GuardrailEvidenceInput['provenance'],
    signature: signatureEvidence(evidence),
    metrics: {
      candidate: await metricsOf(manager, version.id),
      production: production ? await metricsOf(manager, production) : null,
      productionVersion: productionLabel === undefined ? null : `v${productionLabel}`,
    },
    sensitiveData: { scanned: evidence !== null, findings: [] },
    license: evidence?.license ?? null,
    dependencies: packages as GuardrailEvidenceInput['dependencies'],
  };
}

function signatureEvidence(evidence: CreationRecord['evidence']): GuardrailEvidenceInput['signature'] {
  const signature = evidence?.signature;
  if (!evidence || !signature) return { present: false, valid: false, keyId: null, trusted: false };
  const verification = verifyModelSignature(signature.bundle, {
    publicKeyPem: signature.publicKeyPem,
    resources: evidence.files.map((file) => ({ name: file.path, algorithm: 'sha256', digest: file.sha256 })),
  });
  return {
    present: true,
    valid: verification.valid,
    keyId: signature.keyId,
    // The registry's own key is trusted; keys registered per team are not built yet.
    trusted: signature.signer === 'registry',
  };
}
