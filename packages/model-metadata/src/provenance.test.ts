import { InvalidInputError } from '@cairn/errors';
import { describe, expect, it } from 'vitest';
import { parseProvenance, provenanceCompleteness } from './provenance';

const complete = {
  code: { repositoryUrl: 'git@github.com:acme/fraud.git', commit: 'A'.repeat(40) },
  containerImage: { digest: `sha256:${'b'.repeat(64)}`, reference: 'ghcr.io/acme/train:1.4' },
  dependencies: {
    lockFileName: 'requirements.txt',
    lockFileDigest: `sha256:${'c'.repeat(64)}`,
    packages: [{ name: 'torch', version: '2.3.1', ecosystem: 'pypi' }],
  },
  datasets: [{ uri: 's3://data/train.parquet', sha256: 'd'.repeat(64), role: 'training' }],
  hyperparameters: { lr: 0.001, optimizer: { name: 'adam', betas: [0.9, 0.999] } },
  seed: 42,
  environment: {
    runtimes: { python: '3.11.9', cuda: '12.1' },
    accelerator: 'NVIDIA A100 80GB',
    hardware: '8 vCPU, 64 GiB',
  },
};

function problemsOf(input: unknown) {
  try {
    parseProvenance(input);
  } catch (error) {
    if (error instanceof InvalidInputError) return error.problems;
    throw error;
  }
  return [];
}

describe('parseProvenance', () => {
  it('accepts complete provenance and lower-cases digests', () => {
    const p = parseProvenance(complete);
    expect(p.code?.commit).toBe('a'.repeat(40));
    expect(provenanceCompleteness(p)).toEqual({ complete: true, missing: [] });
  });

  it.each([
    'https://github.com/acme/fraud.git',
    'ssh://git@gitlab.example.com:2222/acme/fraud.git',
    'git://example.org/fraud.git',
    'git@github.com:acme/fraud.git',
  ])('accepts the repository URL %s', (repositoryUrl) => {
    expect(problemsOf({ code: { repositoryUrl } })).toEqual([]);
  });

  it.each([
    ['http://github.com/acme/fraud.git', 'must be an https, ssh or git URL (or git@host:path)'],
    ['ftp://example.org/repo', 'must be an https, ssh or git URL (or git@host:path)'],
    ['https://github.com/', 'must be an https, ssh or git URL (or git@host:path)'],
    ['not a url', 'must be an https, ssh or git URL (or git@host:path)'],
    ['https://me:ghp_secret@github.com/acme/fraud.git', 'must not contain a password or token'],
  ])('refuses the repository URL %s', (repositoryUrl, message) => {
    expect(problemsOf({ code: { repositoryUrl } })).toEqual([
      { path: 'provenance.code.repositoryUrl', message },
    ]);
  });

  it('names each offending field by its path', () => {
    const problems = problemsOf({
      code: { commit: 'abc123' },
      containerImage: { digest: 'b'.repeat(64) },
      dependencies: { lockFileDigest: 'md5:x', packages: [{ name: '', version: '1' }] },
      datasets: [{ sha256: 'e'.repeat(64) }, { name: 'holdout', sha256: 'short' }],
      hyperparameters: { lr: Number.NaN },
      seed: 1.5,
      environment: { runtimes: { 'py thon': '3.11' } },
      extra: true,
    });
    expect(problems.map((p) => p.path).sort()).toEqual([
      'provenance',
      'provenance.code.commit',
      'provenance.containerImage.digest',
      'provenance.datasets.0',
      'provenance.datasets.1.sha256',
      'provenance.dependencies.lockFileDigest',
      'provenance.dependencies.packages.0.name',
      'provenance.environment.runtimes.py thon',
      'provenance.hyperparameters.lr',
      'provenance.seed',
    ]);
  });
});

describe('provenanceCompleteness', () => {
  it.each([
    [
      {},
      [
        'code.repositoryUrl',
        'code.commit',
        'containerImage.digest',
        'dependencies.lockFileDigest',
        'dependencies.packages',
        'datasets',
        'hyperparameters',
        'seed',
        'environment.runtimes',
      ],
    ],
    [{ ...complete, datasets: [] }, ['datasets']],
    [{ ...complete, hyperparameters: {} }, []],
    [{ ...complete, seed: undefined, environment: { runtimes: {} } }, ['seed', 'environment.runtimes']],
    [{ ...complete, environment: { runtimes: { python: '3.11.9' } } }, []],
    [
      { ...complete, dependencies: { packages: [] } },
      ['dependencies.lockFileDigest', 'dependencies.packages'],
    ],
  ])('case %#', (input, missing) => {
    expect(provenanceCompleteness(parseProvenance(input))).toEqual({
      complete: missing.length === 0,
      missing,
    });
  });

  it('treats no provenance as missing everything', () => {
    expect(provenanceCompleteness(null).missing).toHaveLength(9);
  });
});
