import type { GuardrailEvidenceInput } from '@cairn/guardrails';

/** Evidence that passes every check at every tier and stage with the checked-in data.json. */
export function goodEvidence(): GuardrailEvidenceInput {
  return {
    subject: { modelVersionId: 'mv-1', manifestDigest: `sha256:${'a'.repeat(64)}` },
    modelCard: {
      intendedUse: 'Rank support tickets by urgency.',
      outOfScopeUses: 'Medical triage.',
      businessUseCases: 'Support queue ordering.',
      assumptions: 'English text.',
      limitations: 'Weaker on very short tickets.',
      ethicalConsiderations: 'No personal data used.',
      evaluationSummary: 'Held-out test set, 2026-10.',
      owners: [{ name: 'Ada' }],
    },
    provenance: {
      code: {
        repositoryUrl: 'https://git.example.com/ml/ranker.git',
        commit: '0123456789abcdef0123456789abcdef01234567',
      },
      containerImage: { digest: `sha256:${'1'.repeat(64)}` },
      datasets: [{ name: 'tickets-2026', sha256: '2'.repeat(64) }],
    },
    signature: { present: true, valid: true, keyId: 'team-ml-2026', trusted: true },
    metrics: {
      candidate: { accuracy: 0.95, loss: 0.2 },
      production: { accuracy: 0.94, loss: 0.21 },
      productionVersion: '3',
    },
    sensitiveData: { scanned: true, findings: [] },
    license: 'Apache-2.0',
    dependencies: [
      { name: 'torch', version: '2.4.1', ecosystem: 'pypi' },
      { name: 'numpy', version: '2.1.0', ecosystem: 'pypi' },
    ],
  };
}

export function evidenceWith(changes: Partial<GuardrailEvidenceInput>): GuardrailEvidenceInput {
  return { ...goodEvidence(), ...changes };
}
