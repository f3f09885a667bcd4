import { InvalidInputError } from '@cairn/errors';
import { describe, expect, it } from 'vitest';
import { buildManifest, parseManifest, verifyFilesAgainstManifest } from './manifest';

const hex = (c: string) => c.repeat(64);
const base = {
  model: { team: 'fraud', name: 'scorer' },
  version: 3,
  files: [
    { path: 'weights/model.safetensors', sha256: hex('a'), size: 1024 },
    { path: 'config.json', sha256: hex('b'), size: 12 },
  ],
  provenance: {
    seed: 7,
    code: { repositoryUrl: 'https://github.com/acme/fraud.git', commit: hex('c').slice(0, 40) },
  },
};

function problemsOf(fn: () => unknown): { path: string; message: string }[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof InvalidInputError) return error.problems;
    throw error;
  }
  throw new Error('expected BAD_USER_INPUT');
}

describe('buildManifest', () => {
  it('writes RFC 8785 canonical JSON and digests it', () => {
    const { json, digest, manifest } = buildManifest(base);
    expect(json).toBe(
      '{"files":[{"path":"config.json","sha256":"' +
        hex('b') +
        '","size":12},{"path":"weights/model.safetensors","sha256":"' +
        hex('a') +
        '","size":1024}],"model":{"name":"scorer","team":"fraud"},"provenance":{"code":{"commit":"' +
        hex('c').slice(0, 40) +
        '","repositoryUrl":"https://github.com/acme/fraud.git"},"seed":7},"schemaVersion":1,"version":3}',
    );
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(manifest.files.map((f) => f.path)).toEqual(['config.json', 'weights/model.safetensors']);
  });

  it('gives the same digest whatever order or key order the input has', () => {
    const reordered = {
      provenance: {
        code: { commit: hex('C').slice(0, 40), repositoryUrl: base.provenance.code.repositoryUrl },
        seed: 7,
      },
      files: [...base.files]
        .reverse()
        .map((f) => ({ size: f.size, sha256: f.sha256.toUpperCase(), path: f.path })),
      version: 3,
      model: { name: 'scorer', team: 'fraud' },
    };
    expect(buildManifest(reordered).digest).toBe(buildManifest(base).digest);
  });

  it('changes the digest when any file changes', () => {
    const other = { ...base, files: [{ ...base.files[0]!, size: 1025 }, base.files[1]!] };
    expect(buildManifest(other).digest).not.toBe(buildManifest(base).digest);
  });

  it('sorts paths segment by segment in code point order, as Python PurePosixPath does', () => {
    // The expected order is what `sorted(map(PurePosixPath, …))` printed on Python 3.
    const paths = ['a-b', 'a/b', 'a/b/c', 'a.b', 'ab', 'é', '\u{1F600}', '\uFFFF', 'B', 'a'];
    const { manifest } = buildManifest({
      ...base,
      files: paths.map((path) => ({ path, sha256: hex('0'), size: 0 })),
    });
    expect(manifest.files.map((f) => f.path)).toEqual([
      'B',
      'a',
      'a/b',
      'a/b/c',
      'a-b',
      'a.b',
      'ab',
      'é',
      '\uFFFF',
      '\u{1F600}',
    ]);
  });

  it('normalises paths to NFC', () => {
    const { manifest } = buildManifest({
      ...base,
      files: [{ path: 'cafe\u0301.bin', sha256: hex('1'), size: 1 }],
    });
    expect(manifest.files[0]?.path).toBe('caf\u00e9.bin');
  });

  it.each([
    ['../escape', 'must not contain "." or ".." segments'],
    ['a/./b', 'must not contain "." or ".." segments'],
    ['/etc/passwd', 'must be relative (no leading "/")'],
    ['dir\\file', 'must use "/" as separator, not backslashes'],
    ['a//b', 'must not contain empty segments ("//" or a trailing "/")'],
    ['dir/', 'must not contain empty segments ("//" or a trailing "/")'],
    ['', 'must not be empty'],
    ['a\u0000b', 'must not contain control characters'],
    ['bad\uD800', 'must be valid Unicode'],
  ])('refuses the path %j', (path, message) => {
    expect(
      problemsOf(() => buildManifest({ ...base, files: [{ path, sha256: hex('1'), size: 1 }] })),
    ).toEqual([{ path: 'files.0.path', message }]);
  });

  it('refuses duplicates after normalisation, but not paths differing only in case', () => {
    const files = [
      { path: 'caf\u00e9', sha256: hex('1'), size: 1 },
      { path: 'cafe\u0301', sha256: hex('2'), size: 1 },
      { path: 'CAF\u00c9', sha256: hex('3'), size: 1 },
    ];
    expect(problemsOf(() => buildManifest({ ...base, files }))).toEqual([
      { path: 'files.1.path', message: 'is listed twice' },
    ]);
  });

  it('names every bad field at once', () => {
    const problems = problemsOf(() =>
      buildManifest({
        ...base,
        version: 0,
        files: [{ path: 'ok', sha256: 'xyz', size: -1 }],
        provenance: { code: { commit: 'abc' }, containerImage: { digest: 'sha256:nope' } },
      }),
    );
    expect(problems.map((p) => p.path).sort()).toEqual([
      'files.0.sha256',
      'files.0.size',
      'provenance.code.commit',
      'provenance.containerImage.digest',
      'version',
    ]);
  });

  it('refuses text that is not valid Unicode anywhere in the manifest', () => {
    const problems = problemsOf(() =>
      buildManifest({ ...base, provenance: { hyperparameters: { note: 'half \uD83D pair' } } }),
    );
    expect(problems).toEqual([{ path: 'provenance.hyperparameters.note', message: 'must be valid Unicode' }]);
  });

  it('refuses sizes beyond safe integers', () => {
    const problems = problemsOf(() =>
      buildManifest({ ...base, files: [{ path: 'big', sha256: hex('1'), size: 2 ** 60 }] }),
    );
    expect(problems[0]?.path).toBe('files.0.size');
  });

  it('includes a card only when one is given', () => {
    expect(buildManifest(base).manifest).not.toHaveProperty('card');
    const withCard = buildManifest({ ...base, card: { intendedUse: 'Scoring card payments' } });
    expect(withCard.json).toContain('"card":{"intendedUse":"Scoring card payments"}');
  });

  it('reads a manifest back to the same digest, whatever its layout', () => {
    const built = buildManifest(base);
    const pretty = JSON.stringify(JSON.parse(built.json), null, 2);
    expect(parseManifest(pretty).digest).toBe(built.digest);
    expect(problemsOf(() => parseManifest('{'))).toEqual([
      { path: 'manifest', message: 'is not valid JSON' },
    ]);
    expect(problemsOf(() => parseManifest('{"schemaVersion":2}')).map((p) => p.path)).toContain(
      'manifest.schemaVersion',
    );
  });
});

describe('verifyFilesAgainstManifest', () => {
  const { manifest } = buildManifest({
    ...base,
    files: [
      { path: 'a.bin', sha256: hex('a'), size: 1 },
      { path: 'caf\u00e9/b.bin', sha256: hex('b'), size: 1 },
      { path: 'c.bin', sha256: hex('c'), size: 1 },
    ],
  });

  it('accepts an exact copy, NFD names and upper-case digests included', () => {
    const local = new Map([
      ['a.bin', hex('A')],
      ['cafe\u0301/b.bin', hex('b')],
      ['c.bin', hex('c')],
    ]);
    expect(verifyFilesAgainstManifest(manifest, local)).toEqual({
      ok: true,
      matched: ['a.bin', 'c.bin', 'caf\u00e9/b.bin'],
      mismatched: [],
      missing: [],
      unexpected: [],
    });
  });

  it('reports changed, missing and extra files', () => {
    const result = verifyFilesAgainstManifest(manifest, {
      'a.bin': hex('f'),
      'c.bin': hex('c'),
      'z.bin': hex('0'),
    });
    expect(result).toEqual({
      ok: false,
      matched: ['c.bin'],
      mismatched: [{ path: 'a.bin', expected: hex('a'), actual: hex('f') }],
      missing: ['caf\u00e9/b.bin'],
      unexpected: ['z.bin'],
    });
  });
});
