import { createHash } from 'node:crypto';
import { PreconditionFailedError } from '@cairn/errors';
import type { Manifest } from './manifest';

/**
 * The bridge from a Cairn manifest to the OpenSSF model-signing format (model_signing 1.x,
 * predicate `https://model_signing/signature/v1.0`, "files" serialization). The manifest already
 * lists files the way model_signing does (relative POSIX paths, whole-file SHA-256, sorted by path
 * segments), so the resources are the manifest's files one for one, in the same order. *
 * Checked once by hand against model_signing 1.1.1: for a directory holding `a/b/c.bin`, `a-b/x`,
 * `a.b`, `é.txt`, an emoji name and a nested `docs/.gitignore`, its signed payload had the same
 * resources, in the same order, and the same subject digest as `modelSigningStatement` here.
 */
export const MODEL_SIGNING_PREDICATE_TYPE = 'https://model_signing/signature/v1.0';
export const IN_TOTO_STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';
export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';

/**
 * model_signing skips these top-level names when it hashes a directory (nested ones are hashed),
 * so a signed manifest that listed them would never verify against the files on disk. model_signing
 * 1.1.1 writes them from a Python set, so their order changes from run to run; verifiers treat them
 * as a set.
 */
export const MODEL_SIGNING_IGNORED_PATHS = ['.github', '.git', '.gitignore', '.gitattributes'] as const;

export interface ModelSigningResource {
  name: string;
  algorithm: 'sha256';
  digest: string;
}

/** The predicate's `resources`: exactly the manifest's files, in manifest order. */
export function modelSigningResources(manifest: Pick<Manifest, 'files'>): ModelSigningResource[] {
  const ignored = manifest.files.filter((f) =>
    (MODEL_SIGNING_IGNORED_PATHS as readonly string[]).includes(f.path.split('/')[0] as string),
  );
  if (ignored.length > 0) {
    throw new PreconditionFailedError(
      `Cannot sign in the OpenSSF model-signing format: it ignores ${ignored.map((f) => f.path).join(', ')}`,
      { paths: ignored.map((f) => f.path) },
    );
  }
  return manifest.files.map((f) => ({ name: f.path, algorithm: 'sha256', digest: f.sha256 }));
}

/** The subject digest: SHA-256 over the raw resource digests, concatenated in list order. */
export function modelSigningSubjectDigest(resources: readonly ModelSigningResource[]): string {
  const hash = createHash('sha256');
  for (const resource of resources) hash.update(Buffer.from(resource.digest, 'hex'));
  return hash.digest('hex');
}

/**
 * The unsigned in-toto Statement that model_signing would produce for the same files. The promotion
 * flow wraps it in DSSE and signs it; `subjectName` is informative only (model_signing uses the
 * directory name).
 */
export function modelSigningStatement(manifest: Pick<Manifest, 'files'>, subjectName: string) {
  return modelSigningStatementOf(modelSigningResources(manifest), subjectName);
}

/** The same statement from a resource list already built (e.g. by hashing a directory). */
export function modelSigningStatementOf(resources: readonly ModelSigningResource[], subjectName: string) {
  return {
    _type: IN_TOTO_STATEMENT_TYPE,
    subject: [{ name: subjectName, digest: { sha256: modelSigningSubjectDigest(resources) } }],
    predicateType: MODEL_SIGNING_PREDICATE_TYPE,
    predicate: {
      serialization: {
        method: 'files',
        hash_type: 'sha256',
        allow_symlinks: false,
        ignore_paths: [...MODEL_SIGNING_IGNORED_PATHS],
      },
      resources: resources.map((r) => ({ name: r.name, algorithm: r.algorithm, digest: r.digest })),
    },
  };
}
