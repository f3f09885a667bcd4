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
import { judgeSignatureTrust, strongestSignature } from '../signing-keys/key-trust';
import { signingKeysFor } from '../signing-keys/signing-key-store';
import { productionVersionOf } from './promotion-store';

const CREATED_EVENTS = [
  RegistryEvents.ModelVersionCreated,
  RegistryEvents.ModelVersionImported,
  RegistryEvents.ModelVersionSignatureAttached,
];

/** A signature the registry recorded for the version, with when it recorded it. */
export interface RecordedSignature {
  keyId: string;
  publicKeyPem: string;
  bundle: unknown;
  signer: 'registry' | 'team';
  recordedAt: Date;
}

interface CreationRecord {
  manifestDigest: string | null;
  evidence: {
    license: string | null;
    card: Record<string, unknown> | null;
    provenance: Record<string, unknown>;
    files: { path: string; sha256: string }[];
    signature: { keyId: string; publicKeyPem: string; bundle: unknown; signer: 'registry' } | null;
  } | null;
  /** The registry's own signature first, then those the team attached, in the order received. */
  signatures: RecordedSignature[];
}

interface LoggedRow {
  event_id: string;
  type: string;
  subject_type: string;
  payload: unknown;
  occurred_at: Date;
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
    `/* findVersionCreatedEvents */ SELECT event_id, type, subject_type, payload, occurred_at FROM registry.event_log
      WHERE subject_type = 'ModelVersion' AND subject_id = $1 AND type = ANY($2::text[])
      ORDER BY id`,
    [modelVersionId, CREATED_EVENTS],
  );
  const record: CreationRecord = { manifestDigest: null, evidence: null, signatures: [] };
  const attached: RecordedSignature[] = [];
  for (const row of rows) {
    try {
      const event = registryEvents.parse({
        eventId: row.event_id,
        type: row.type,
        subjectType: row.subject_type,
        subjectId: modelVersionId,
        payload: row.payload,
      });
      if (event.type === RegistryEvents.ModelVersionSignatureAttached) {
        const { keyId, publicKeyPem, bundle, attachedAt } = event.payload as {
          keyId: string;
          publicKeyPem: string;
          bundle: unknown;
          attachedAt: string;
        };
        attached.push({ keyId, publicKeyPem, bundle, signer: 'team', recordedAt: new Date(attachedAt) });
        continue;
      }
      const payload = event.payload as { manifestDigest?: string; evidence?: CreationRecord['evidence'] };
      record.manifestDigest = payload.manifestDigest ?? record.manifestDigest;
      record.evidence = payload.evidence ?? record.evidence;
      const own = payload.evidence?.signature;
      if (own) record.signatures = [{ ...own, recordedAt: row.occurred_at }];
    } catch (error) {
      // A malformed event is the consumers' to quarantine; it simply tells us nothing.
      if (!(error instanceof MalformedEventError)) throw error;
    }
  }
  record.signatures.push(...attached);
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
  version: Pick<KnownModelVersion, 'id' | 'modelId' | 'teamSlug'>,
): Promise<GuardrailEvidenceInput> {
  const creation = await creationRecordOf(manager, version.id);
  const { manifestDigest, evidence } = creation;
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
    signature: await signatureEvidence(manager, creation, version.teamSlug),
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

/**
 * Every signature of the version checked over the manifest's files and judged against the keys
 * trusted for the model's team at the time the registry recorded it; the strongest one speaks
 * for the version, and each is listed for the record.
 */
export async function signatureEvidence(
  manager: EntityManager,
  creation: Pick<CreationRecord, 'evidence' | 'signatures'>,
  team: string,
): Promise<GuardrailEvidenceInput['signature']> {
  const { evidence, signatures } = creation;
  if (!evidence || signatures.length === 0) {
    return {
      present: false,
      valid: false,
      keyId: null,
      trusted: false,
      detail: 'the version carries no signature',
    };
  }
  const resources = evidence.files.map((file) => ({
    name: file.path,
    algorithm: 'sha256' as const,
    digest: file.sha256,
  }));
  const keys = await signingKeysFor(
    manager,
    team,
    signatures.map((s) => s.keyId),
  );
  const judged = signatures.map((signature) => {
    const verification = verifyModelSignature(signature.bundle, {
      publicKeyPem: signature.publicKeyPem,
      resources,
    });
    const trust = judgeSignatureTrust(signature, keys, team);
    return {
      keyId: signature.keyId,
      signer: signature.signer,
      recordedAt: signature.recordedAt.toISOString(),
      valid: verification.valid,
      trusted: trust.trusted,
      // The evidence document bounds each explanation.
      detail: (verification.valid
        ? trust.detail
        : `does not verify (${verification.checks
            .filter((c) => !c.passed)
            .map((c) => c.detail)
            .join('; ')})`
      ).slice(0, 1000),
    };
  });
  const strongest = strongestSignature(judged)!;
  return {
    present: true,
    valid: strongest.valid,
    keyId: strongest.keyId,
    trusted: strongest.trusted,
    // With no trusted signature, each one's reason: the reader needs all of them to act.
    detail: strongest.trusted
      ? strongest.detail
      : judged
          .map((s) => s.detail)
          .join('; ')
          .slice(0, 1000),
    signatures: judged,
  };
}
