import { createHash } from 'node:crypto';
import { PreconditionFailedError } from '@cairn/errors';
import { describe, expect, it } from 'vitest';
import { buildManifest } from './manifest';
import { modelSigningResources, modelSigningStatement, modelSigningSubjectDigest } from './model-signing';

const sha = (text: string) => createHash('sha256').update(text).digest('hex');
const files = [
  { path: 'weights/model-00002.safetensors', content: 'two' },
  { path: 'weights/model-00001.safetensors', content: 'one' },
  { path: 'tokenizer/vocab.txt', content: 'vocab' },
  { path: 'config.json', content: '{}' },
];
const { manifest } = buildManifest({
  model: { team: 'nlp', name: 'tagger' },
  version: 1,
  files: files.map((f) => ({ path: f.path, sha256: sha(f.content), size: f.content.length })),
});

describe('modelSigningResources', () => {
  it('maps the manifest files one for one, in manifest order', () => {
    expect(modelSigningResources(manifest)).toEqual([
      { name: 'config.json', algorithm: 'sha256', digest: sha('{}') },
      { name: 'tokenizer/vocab.txt', algorithm: 'sha256', digest: sha('vocab') },
      { name: 'weights/model-00001.safetensors', algorithm: 'sha256', digest: sha('one') },
      { name: 'weights/model-00002.safetensors', algorithm: 'sha256', digest: sha('two') },
    ]);
    expect(modelSigningResources(manifest).map((r) => r.name)).toEqual(manifest.files.map((f) => f.path));
  });

  it('refuses files that model_signing would skip when it hashes the directory', () => {
    const withGit = buildManifest({
      model: { team: 'nlp', name: 'tagger' },
      version: 1,
      files: [
        { path: '.gitattributes', sha256: sha('x'), size: 1 },
        { path: 'model.bin', sha256: sha('y'), size: 1 },
      ],
    }).manifest;
    expect(() => modelSigningResources(withGit)).toThrow(PreconditionFailedError);
    // Only the top-level names are ignored; a nested `.github` folder is an ordinary file.
    const nested = buildManifest({
      model: { team: 'nlp', name: 'tagger' },
      version: 1,
      files: [{ path: 'docs/.github', sha256: sha('x'), size: 1 }],
    }).manifest;
    expect(modelSigningResources(nested)).toHaveLength(1);
  });
});

describe('modelSigningStatement', () => {
  it('builds the in-toto statement with the subject digest over the raw resource digests', () => {
    const statement = modelSigningStatement(manifest, 'tagger');
    const concatenated = Buffer.concat(manifest.files.map((f) => Buffer.from(f.sha256, 'hex')));
    const expected = createHash('sha256').update(concatenated).digest('hex');
    expect(statement).toEqual({
      _type: 'https://in-toto.io/Statement/v1',
      subject: [{ name: 'tagger', digest: { sha256: expected } }],
      predicateType: 'https://model_signing/signature/v1.0',
      predicate: {
        serialization: {
          method: 'files',
          hash_type: 'sha256',
          allow_symlinks: false,
          ignore_paths: ['.github', '.git', '.gitignore', '.gitattributes'],
        },
        resources: modelSigningResources(manifest),
      },
    });
    expect(modelSigningSubjectDigest(modelSigningResources(manifest))).toBe(expected);
  });
});
