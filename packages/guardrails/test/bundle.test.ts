import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { InvalidInputError } from '@cairn/errors';
import {
  DEFAULT_POLICY_DIR,
  GuardrailBundleError,
  loadGuardrails,
  policyBundleVersion,
  readPolicySources,
} from '@cairn/guardrails';
import { describe, expect, it } from 'vitest';
import { evidenceWith, goodEvidence } from './evidence-fixture';

const policiesDir = path.resolve(__dirname, '../../../policies');

describe('the checked-in guardrail bundle', () => {
  it('is versioned by the hash of the policy sources in the repository', async () => {
    // Fails when a policy or data.json changed without `npm run policies:build`, even where
    // no opa is installed (policies:check in CI also recompiles and compares the wasm).
    const guardrails = await loadGuardrails();
    const manifest = JSON.parse(readFileSync(path.join(DEFAULT_POLICY_DIR, 'manifest.json'), 'utf8'));
    const version = policyBundleVersion(readPolicySources(policiesDir));
    expect(guardrails.bundleVersion).toBe(version);
    expect(manifest.bundleVersion).toBe(version);
    expect(readFileSync(path.join(DEFAULT_POLICY_DIR, 'data.json'))).toEqual(
      readFileSync(path.join(policiesDir, 'data.json')),
    );
    const decision = guardrails.evaluate(goodEvidence(), { riskTier: 'LOW', targetStage: 'STAGING' });
    expect(decision.bundleVersion).toBe(version);
  });

  it('is loaded once per process', async () => {
    expect(await loadGuardrails()).toBe(await loadGuardrails());
  });

  it('refuses a bundle whose files do not match its manifest', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cairn-guardrails-'));
    try {
      cpSync(DEFAULT_POLICY_DIR, dir, { recursive: true });
      const data = JSON.parse(readFileSync(path.join(dir, 'data.json'), 'utf8'));
      data.guardrails.defaults.licenses.allow.push('GPL-3.0-only');
      writeFileSync(path.join(dir, 'data.json'), JSON.stringify(data));
      await expect(loadGuardrails(dir)).rejects.toThrow(GuardrailBundleError);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('malformed evidence', () => {
  const target = { riskTier: 'HIGH', targetStage: 'PRODUCTION' } as const;

  it('is refused with InvalidInputError naming each field', async () => {
    const guardrails = await loadGuardrails();
    const malformed = {
      ...goodEvidence(),
      signature: { present: 'yes', valid: true, trusted: true },
      metrics: { candidate: { accuracy: 'high' }, production: null },
      dependencies: [{ name: 'torch' }],
      unexpected: true,
    };
    const error = (() => {
      try {
        guardrails.evaluate(malformed, target);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(InvalidInputError);
    const paths = (error as InvalidInputError).problems.map((p) => p.path).sort();
    expect(paths).toEqual([
      'evidence',
      'evidence.dependencies.0.version',
      'evidence.metrics.candidate.accuracy',
      'evidence.signature.present',
    ]);
  });

  it('must state every section', async () => {
    const guardrails = await loadGuardrails();
    const { signature: _s, ...unsigned } = goodEvidence();
    expect(() => guardrails.evaluate(unsigned, target)).toThrow(InvalidInputError);
    expect(() => guardrails.evaluate(null, target)).toThrow(InvalidInputError);
    expect(() => guardrails.evaluate(evidenceWith({ license: 'x'.repeat(300) }), target)).toThrow(
      /evidence\.license/,
    );
  });

  it('refuses an unknown risk tier or stage', async () => {
    const guardrails = await loadGuardrails();
    expect(() =>
      guardrails.evaluate(goodEvidence(), { riskTier: 'EXTREME', targetStage: 'PRODUCTION' } as never),
    ).toThrow(InvalidInputError);
    expect(() =>
      guardrails.evaluate(goodEvidence(), { riskTier: 'LOW', targetStage: 'DEVELOPMENT' } as never),
    ).toThrow(/targetStage/);
  });
});
