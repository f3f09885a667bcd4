import { createHash } from 'node:crypto';
import type { DemoModelSpec } from './demo-catalog';

/**
 * What the demo pipeline attaches to each version: small files standing in for weights and a
 * config (deterministic bytes, so restarts deduplicate), provenance as a real training job would
 * record it, and a model card. Everything stays free of secrets and personal data, which the
 * registry would refuse.
 */
export interface DemoFile {
  path: string;
  bytes: Buffer;
}

const digestOf = (bytes: Buffer) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
const hex = (text: string) => createHash('sha256').update(text).digest('hex');

export function demoFiles(spec: DemoModelSpec, index: number, hyperparameters: object): DemoFile[] {
  const weights = Buffer.alloc(16 * 1024);
  // Deterministic "weights": a hash chain, different per model and version.
  let block = createHash('sha256').update(`${spec.name}@${index}`).digest();
  for (let offset = 0; offset < weights.length; offset += block.length) {
    block.copy(weights, offset);
    block = createHash('sha256').update(block).digest();
  }
  return [
    { path: `model/${spec.framework === 'pytorch' ? 'model.pt' : 'model.bin'}`, bytes: weights },
    {
      path: 'config.json',
      bytes: Buffer.from(`${JSON.stringify({ task: spec.task, ...hyperparameters }, null, 2)}\n`),
    },
  ];
}

export function demoProvenance(
  spec: DemoModelSpec,
  index: number,
  hyperparameters: object,
  datasets: { uri: string; checksum: string }[],
) {
  return {
    code: {
      repositoryUrl: `https://git.demo.cairn/${spec.team}/${spec.name}.git`,
      commit: hex(`${spec.name}${index}`).slice(0, 40),
    },
    containerImage: {
      digest: `sha256:${hex(`image:${spec.name}:${index}`)}`,
      reference: `registry.demo.cairn/${spec.team}/${spec.name}-train`,
    },
    dependencies: {
      lockFileName: 'requirements.txt',
      lockFileDigest: `sha256:${hex(`lock:${spec.name}:${index}`)}`,
      packages: [
        { name: spec.framework, version: index % 2 === 0 ? '2.1.0' : '2.1.3', ecosystem: 'pypi' },
        { name: 'numpy', version: '1.26.4', ecosystem: 'pypi' },
        { name: 'pandas', version: index > 1 ? '2.2.2' : '2.1.4', ecosystem: 'pypi' },
      ],
    },
    datasets: datasets.map((d) => ({ uri: d.uri, sha256: d.checksum.replace(/^sha256:/, '') })),
    hyperparameters,
    seed: 42 + index,
    environment: {
      runtimes: { python: '3.11.9' },
      accelerator: spec.framework === 'pytorch' ? 'NVIDIA A10G' : undefined,
      hardware: spec.framework === 'pytorch' ? 'g5.2xlarge' : 'm6i.4xlarge',
    },
  };
}

export function demoCard(spec: DemoModelSpec) {
  return {
    intendedUse: spec.description,
    outOfScopeUses:
      'Decisions about individuals without human review; markets the training data does not cover.',
    businessUseCases: `Used by the ${spec.team} team in production decisioning.`,
    assumptions: 'Input features arrive with the same definitions and freshness as in training.',
    limitations: 'Quality degrades when the input distribution drifts; monitored through evaluations.',
    ethicalConsiderations: 'Reviewed for disparate impact across customer segments before each promotion.',
    evaluationSummary: `Evaluated on a holdout and an out-of-time set with ${spec.metric}.`,
    owners: [{ name: `${spec.team} ML team`, email: `${spec.team}@demo.cairn`, team: spec.team }],
  };
}

export { digestOf };
