import {
  type GuardrailCheck,
  type GuardrailDecision,
  type Guardrails,
  loadGuardrails,
  RISK_TIERS,
  TARGET_STAGES,
} from '@cairn/guardrails';
import { beforeAll, describe, expect, it } from 'vitest';
import { evidenceWith, goodEvidence } from './evidence-fixture';

// Runs the checked-in wasm bundle, as the promotion flow will; the policies' own unit tests
// (policies/*_test.rego) run under `npm run policies:check`.
let guardrails: Guardrails;
beforeAll(async () => {
  guardrails = await loadGuardrails();
});

function result(decision: GuardrailDecision, check: GuardrailCheck) {
  const found = decision.results.find((r) => r.check === check);
  if (!found) throw new Error(`no ${check} result`);
  return found;
}

describe('guardrails', () => {
  it.each(RISK_TIERS.flatMap((riskTier) => TARGET_STAGES.map((targetStage) => ({ riskTier, targetStage }))))(
    'pass complete evidence for $riskTier → $targetStage',
    (target) => {
      const decision = guardrails.evaluate(goodEvidence(), target);
      expect(decision.passed).toBe(true);
      expect(decision.results.map((r) => r.check)).toEqual([
        'modelCard',
        'provenance',
        'signature',
        'metrics',
        'sensitiveData',
        'license',
        'dependencies',
      ]);
      expect(decision.results.every((r) => r.passed && r.explanation.length > 0)).toBe(true);
      expect(decision).toMatchObject({ ...target, bundleVersion: guardrails.bundleVersion });
    },
  );

  it('fails the whole decision when one check fails, and says which', () => {
    const decision = guardrails.evaluate(evidenceWith({ license: 'GPL-3.0-only' }), {
      riskTier: 'LOW',
      targetStage: 'STAGING',
    });
    expect(decision.passed).toBe(false);
    expect(decision.results.filter((r) => !r.passed).map((r) => r.check)).toEqual(['license']);
    expect(result(decision, 'license').explanation).toMatch(
      /^License GPL-3\.0-only is not on the allow-list for LOW → STAGING \(Apache-2\.0, /,
    );
  });

  it('model card: names the missing fields against the stage minimum', () => {
    const card = {
      intendedUse: 'Rank tickets.',
      limitations: 'Short.',
      assumptions: 'English.',
      owners: [{ name: 'A' }],
    };
    const evidence = evidenceWith({ modelCard: card });
    expect(
      result(guardrails.evaluate(evidence, { riskTier: 'MEDIUM', targetStage: 'STAGING' }), 'modelCard')
        .passed,
    ).toBe(true);
    expect(
      result(guardrails.evaluate(evidence, { riskTier: 'MEDIUM', targetStage: 'PRODUCTION' }), 'modelCard'),
    ).toEqual({
      check: 'modelCard',
      passed: false,
      explanation:
        'Model card has 4 of 8 fields (50%), below the 75% required for MEDIUM → PRODUCTION; missing: businessUseCases, ethicalConsiderations, evaluationSummary, outOfScopeUses',
    });
    const none = guardrails.evaluate(evidenceWith({ modelCard: null }), {
      riskTier: 'LOW',
      targetStage: 'STAGING',
    });
    expect(result(none, 'modelCard').explanation).toContain('0 of 8 fields (0%)');
  });

  it('provenance: names what is missing', () => {
    const evidence = evidenceWith({
      provenance: {
        code: { repositoryUrl: 'https://git.example.com/ml/ranker.git' },
        datasets: [{ uri: 's3://d/x' }],
      },
    });
    const r = result(
      guardrails.evaluate(evidence, { riskTier: 'HIGH', targetStage: 'PRODUCTION' }),
      'provenance',
    );
    expect(r).toEqual({
      check: 'provenance',
      passed: false,
      explanation:
        'Provenance incomplete for HIGH → PRODUCTION: no commit for the code; no container image digest; no sha256 checksum for s3://d/x',
    });
  });

  it('signature: refuses unsigned, invalid and untrusted manifests', () => {
    const target = { riskTier: 'MEDIUM', targetStage: 'STAGING' } as const;
    const explain = (signature: { present: boolean; valid: boolean; trusted: boolean; keyId?: string }) =>
      result(guardrails.evaluate(evidenceWith({ signature }), target), 'signature');
    expect(explain({ present: false, valid: false, trusted: false })).toMatchObject({
      passed: false,
      explanation: 'The manifest is not signed; MEDIUM → STAGING requires a signature',
    });
    expect(explain({ present: true, valid: false, trusted: true, keyId: 'k1' })).toMatchObject({
      passed: false,
      explanation: 'The manifest signature by key k1 does not verify',
    });
    expect(explain({ present: true, valid: true, trusted: false, keyId: 'laptop' }).explanation).toBe(
      'The manifest signature verifies, but key laptop is not trusted; MEDIUM → STAGING requires a trusted key',
    );
  });

  it('metrics: reports actual against threshold and regressions against production', () => {
    // Only CRITICAL models going to PRODUCTION must report accuracy, at least 0.9.
    const low = evidenceWith({ metrics: { candidate: { accuracy: 0.65 }, production: null } });
    expect(
      result(guardrails.evaluate(low, { riskTier: 'MEDIUM', targetStage: 'STAGING' }), 'metrics').passed,
    ).toBe(true);
    expect(
      result(guardrails.evaluate(low, { riskTier: 'CRITICAL', targetStage: 'PRODUCTION' }), 'metrics'),
    ).toMatchObject({
      passed: false,
      explanation:
        'Evaluation metrics fall short for CRITICAL → PRODUCTION: accuracy is 0.65, needs at least 0.9',
    });
    const regressed = evidenceWith({
      metrics: {
        candidate: { accuracy: 0.9, loss: 0.2 },
        production: { accuracy: 0.93, loss: 0.2 },
        productionVersion: '7',
      },
    });
    expect(
      result(guardrails.evaluate(regressed, { riskTier: 'MEDIUM', targetStage: 'STAGING' }), 'metrics')
        .passed,
    ).toBe(true);
    expect(
      result(guardrails.evaluate(regressed, { riskTier: 'MEDIUM', targetStage: 'PRODUCTION' }), 'metrics')
        .explanation,
    ).toBe(
      'Evaluation metrics fall short for MEDIUM → PRODUCTION: accuracy regressed from 0.93 (production version 7) to 0.9, beyond the tolerance of 0.01',
    );
  });

  it('sensitive data: lists the findings', () => {
    const evidence = evidenceWith({
      sensitiveData: {
        scanned: true,
        findings: [{ rule: 'secret/aws', path: 'hyperparameters.key', message: 'AWS key' }],
      },
    });
    expect(
      result(guardrails.evaluate(evidence, { riskTier: 'LOW', targetStage: 'STAGING' }), 'sensitiveData'),
    ).toEqual({
      check: 'sensitiveData',
      passed: false,
      explanation: 'The sensitive-data scan found 1 problem(s): secret/aws at hyperparameters.key',
    });
    const unscanned = evidenceWith({ sensitiveData: { scanned: false, findings: [] } });
    expect(
      result(guardrails.evaluate(unscanned, { riskTier: 'LOW', targetStage: 'STAGING' }), 'sensitiveData')
        .passed,
    ).toBe(false);
  });

  it('dependencies: a bare name denies every version, name@version only that one', () => {
    const evidence = evidenceWith({
      dependencies: [
        { name: 'torch', version: '1.13.0' },
        { name: 'Pickle5', version: '0.0.12' },
        { name: 'event-stream', version: '3.3.5' },
      ],
    });
    expect(
      result(guardrails.evaluate(evidence, { riskTier: 'LOW', targetStage: 'STAGING' }), 'dependencies'),
    ).toEqual({
      check: 'dependencies',
      passed: false,
      explanation:
        '2 dependencies are on the deny-list: Pickle5@0.0.12 (denied: pickle5), torch@1.13.0 (denied: torch@1.13.0)',
    });
  });

  it('applies stricter settings to higher risk tiers', () => {
    const passes = (evidence: ReturnType<typeof goodEvidence>, riskTier: (typeof RISK_TIERS)[number]) =>
      guardrails.evaluate(evidence, { riskTier, targetStage: 'STAGING' }).passed;
    const accuracy85 = evidenceWith({ metrics: { candidate: { accuracy: 0.85 }, production: null } });
    const toProduction = (riskTier: (typeof RISK_TIERS)[number]) =>
      guardrails
        .evaluate(accuracy85, { riskTier, targetStage: 'PRODUCTION' })
        .results.find((r) => r.check === 'metrics')?.passed;
    expect(toProduction('HIGH')).toBe(true);
    expect(toProduction('CRITICAL')).toBe(false);

    const { limitations: _l, ethicalConsiderations: _e, ...sixFields } = goodEvidence().modelCard ?? {};
    const noLimitations = evidenceWith({ modelCard: sixFields });
    expect(passes(noLimitations, 'MEDIUM')).toBe(true);
    expect(passes(noLimitations, 'HIGH')).toBe(false);

    const twoFields = evidenceWith({ modelCard: { intendedUse: 'x', owners: [{ name: 'A' }] } });
    expect(passes(twoFields, 'LOW')).toBe(true);
    expect(passes(twoFields, 'MEDIUM')).toBe(false);

    const ccBy = evidenceWith({ license: 'CC-BY-4.0' });
    expect(guardrails.evaluate(ccBy, { riskTier: 'HIGH', targetStage: 'PRODUCTION' }).passed).toBe(true);
    expect(guardrails.evaluate(ccBy, { riskTier: 'CRITICAL', targetStage: 'PRODUCTION' }).passed).toBe(false);
  });
});
