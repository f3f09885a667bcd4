import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseInput } from '@cairn/errors';
import { type LoadedPolicy, loadPolicy } from '@open-policy-agent/opa-wasm';
import { z } from 'zod';
import {
  type EvaluationTarget,
  evaluationTargetSchema,
  evidenceSchema,
  type GuardrailEvidence,
} from './evidence';
import { type BundleManifest, bundleManifestSchema, sha256 } from './policy-sources';

/** The checked-in bundle, next to src/ and dist/ alike. */
export const DEFAULT_POLICY_DIR = path.resolve(__dirname, '../policy');

const DECISION_ENTRYPOINT = 'cairn/guardrails/decision';

export const GUARDRAIL_CHECKS = [
  'modelCard',
  'provenance',
  'signature',
  'metrics',
  'sensitiveData',
  'license',
  'dependencies',
] as const;
export type GuardrailCheck = (typeof GUARDRAIL_CHECKS)[number];

export interface GuardrailResult {
  check: GuardrailCheck;
  passed: boolean;
  /** Plain words: which metric, actual against threshold; which package is denied; … */
  explanation: string;
}

export interface GuardrailDecision {
  /** The policy bundle that decided (`sha256:` of the policy sources; see policy/manifest.json). */
  bundleVersion: string;
  riskTier: EvaluationTarget['riskTier'];
  targetStage: EvaluationTarget['targetStage'];
  /** Every check passed. */
  passed: boolean;
  /** One result per check, in GUARDRAIL_CHECKS order. */
  results: GuardrailResult[];
}

// What the wasm answers; checked so a broken bundle fails loudly instead of passing a version.
const decisionSchema = z.tuple([
  z.object({
    result: z.strictObject({
      allow: z.boolean(),
      results: z
        .array(
          z.strictObject({ check: z.enum(GUARDRAIL_CHECKS), passed: z.boolean(), explanation: z.string() }),
        )
        .length(GUARDRAIL_CHECKS.length),
    }),
  }),
]);

/** The checked-in bundle does not match its manifest, or answers in an unexpected shape. */
export class GuardrailBundleError extends Error {
  override readonly name = 'GuardrailBundleError';
}

export class Guardrails {
  private constructor(
    private readonly policy: LoadedPolicy,
    readonly manifest: BundleManifest,
  ) {}

  get bundleVersion(): string {
    return this.manifest.bundleVersion;
  }

  static async load(policyDir: string): Promise<Guardrails> {
    const manifest = bundleManifestSchema.parse(
      JSON.parse(readFileSync(path.join(policyDir, 'manifest.json'), 'utf8')),
    );
    const wasm = readFileSync(path.join(policyDir, manifest.wasm.file));
    const data = readFileSync(path.join(policyDir, manifest.data.file));
    if (sha256(wasm) !== manifest.wasm.sha256 || sha256(data) !== manifest.data.sha256) {
      throw new GuardrailBundleError(
        `The guardrail bundle in ${policyDir} does not match its manifest; run npm run policies:build`,
      );
    }
    const policy = await loadPolicy(wasm);
    policy.setData(JSON.parse(data.toString('utf8')));
    for (const entrypoint of manifest.entrypoints) {
      if (!(entrypoint in policy.entrypoints)) {
        throw new GuardrailBundleError(`The guardrail bundle has no entry point ${entrypoint}`);
      }
    }
    return new Guardrails(policy, manifest);
  }

  /**
   * Judges one version's evidence for a move to `targetStage` at its `riskTier`. Malformed
   * evidence is refused with InvalidInputError (BAD_USER_INPUT) naming each offending field.
   */
  evaluate(evidence: unknown, target: EvaluationTarget): GuardrailDecision {
    const { riskTier, targetStage } = parseInput(evaluationTargetSchema, target);
    const parsed: GuardrailEvidence = parseInput(evidenceSchema, evidence, 'evidence');
    const answer = decisionSchema.safeParse(
      this.policy.evaluate({ riskTier, targetStage, evidence: parsed }, DECISION_ENTRYPOINT),
    );
    if (!answer.success) {
      throw new GuardrailBundleError(
        `The guardrail bundle answered in an unexpected shape: ${answer.error.message}`,
      );
    }
    const { allow, results } = answer.data[0].result;
    return { bundleVersion: this.bundleVersion, riskTier, targetStage, passed: allow, results };
  }
}

const loaded = new Map<string, Promise<Guardrails>>();

/**
 * The guardrails from the checked-in bundle, compiled once per process (about 40 ms) and then
 * evaluated in-process (well under a millisecond per call).
 */
export function loadGuardrails(policyDir: string = DEFAULT_POLICY_DIR): Promise<Guardrails> {
  const key = path.resolve(policyDir);
  let guardrails = loaded.get(key);
  if (!guardrails) {
    guardrails = Guardrails.load(key);
    // A failed load is not cached: the next call tries again and reports afresh.
    guardrails.catch(() => loaded.delete(key));
    loaded.set(key, guardrails);
  }
  return guardrails;
}
