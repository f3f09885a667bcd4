import { z } from 'zod';

/**
 * The evidence document the guardrail policies judge (policies/*.rego read it as
 * `input.evidence`). The caller assembles it for one model version; every section is required,
 * with `null` where the version has nothing to show, so a caller that forgets a section is told
 * so instead of the version silently failing (or passing) that check. Nested objects that mirror
 * the registry's own (model card, provenance) accept extra keys, so the caller can pass those
 * through as stored.
 */
export const RISK_TIERS = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export type RiskTier = (typeof RISK_TIERS)[number];

export const TARGET_STAGES = ['STAGING', 'PRODUCTION'] as const;
export type TargetStage = (typeof TARGET_STAGES)[number];

const text = (max: number) => z.string().max(max, `must be at most ${max} characters`);
const optionalText = (max: number) => text(max).nullish();

const provenanceSchema = z.looseObject({
  code: z
    .looseObject({
      repositoryUrl: optionalText(2048),
      commit: optionalText(64),
    })
    .nullish(),
  containerImage: z.looseObject({ digest: optionalText(128) }).nullish(),
  datasets: z
    .array(
      z.looseObject({
        name: optionalText(256),
        uri: optionalText(2048),
        sha256: optionalText(128),
      }),
    )
    .max(1000, 'must list at most 1000 datasets')
    .nullish(),
});

const signatureSchema = z.strictObject({
  /** The manifest carries a signature at all. */
  present: z.boolean(),
  /** The signature verifies against the manifest as stored now. */
  valid: z.boolean(),
  keyId: optionalText(256),
  /** The key is registered as trusted for the model's team and was not revoked at signing time. */
  trusted: z.boolean(),
  /** Why the signature is (not) trusted or does not verify, in words, for explanations. */
  detail: optionalText(1024),
  /** Each signature the version carries, as judged; the fields above are the strongest one's. */
  signatures: z
    .array(
      z.strictObject({
        keyId: text(256),
        signer: z.enum(['registry', 'team']),
        recordedAt: text(64),
        valid: z.boolean(),
        trusted: z.boolean(),
        detail: text(1024),
      }),
    )
    .max(100, 'must list at most 100 signatures')
    .optional(),
});

const metricValues = z.record(text(128), z.number('must be a finite number'));

const metricsSchema = z.strictObject({
  /** The candidate version's evaluation metrics, by name (e.g. `accuracy`, `latency_p95_ms`). */
  candidate: metricValues,
  /** The current production version's metrics; null when nothing is in production yet. */
  production: metricValues.nullable(),
  /** The production version's label, for explanations. */
  productionVersion: optionalText(128),
});

const sensitiveDataSchema = z.strictObject({
  scanned: z.boolean(),
  /** What `@cairn/sensitive-data` reported; an empty list is a clean scan. */
  findings: z
    .array(z.looseObject({ rule: text(128), path: optionalText(1024), message: optionalText(1024) }))
    .max(10_000, 'must list at most 10000 findings'),
});

const dependencySchema = z.looseObject({
  name: text(214).min(1, 'must not be empty'),
  version: text(128).min(1, 'must not be empty'),
  ecosystem: optionalText(32),
});

export const evidenceSchema = z.strictObject({
  /** What the evidence is about; the policies ignore it, the record keeps it. */
  subject: z
    .strictObject({
      modelVersionId: optionalText(128),
      manifestDigest: optionalText(128),
    })
    .optional(),
  /** The model card's fields by name; null when the version has no card. */
  modelCard: z.record(text(128), z.json()).nullable(),
  provenance: provenanceSchema.nullable(),
  signature: signatureSchema,
  metrics: metricsSchema,
  sensitiveData: sensitiveDataSchema,
  /** SPDX license identifier; null when none is declared. */
  license: optionalText(256).transform((v) => v ?? null),
  dependencies: z.array(dependencySchema).max(20_000, 'must list at most 20000 packages'),
});

export type GuardrailEvidenceInput = z.input<typeof evidenceSchema>;
export type GuardrailEvidence = z.output<typeof evidenceSchema>;

export const evaluationTargetSchema = z.strictObject({
  riskTier: z.enum(RISK_TIERS),
  targetStage: z.enum(TARGET_STAGES),
});

export type EvaluationTarget = z.infer<typeof evaluationTargetSchema>;
