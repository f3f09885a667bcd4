import { parseInput } from '@cairn/errors';
import { plainText } from '@cairn/input-rules';
import { z } from 'zod';
import { prefixedSha256, sha256Hex } from './digests';

/**
 * Where a model version came from. Every part is optional at registration, because imports and
 * early experiments rarely have all of it, but whatever is given must be well-formed;
 * `provenanceCompleteness` then says what is still missing.
 */
const SCP_LIKE_GIT = /^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:(?!\/)[^\s:]+$/;
const GIT_URL_PROTOCOLS = new Set(['https:', 'ssh:', 'git:', 'git+ssh:']);

export const repositoryUrl = z
  .string()
  .trim()
  .max(2048, 'must be at most 2048 characters')
  .superRefine((value, ctx) => {
    if (SCP_LIKE_GIT.test(value)) return;
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be an https, ssh or git URL (or git@host:path)' });
      return;
    }
    if (!GIT_URL_PROTOCOLS.has(url.protocol) || url.hostname === '' || url.pathname.length <= 1) {
      ctx.addIssue({ code: 'custom', message: 'must be an https, ssh or git URL (or git@host:path)' });
    } else if (url.password !== '') {
      // A token pasted into the URL would be published with every manifest.
      ctx.addIssue({ code: 'custom', message: 'must not contain a password or token' });
    }
  });

export const commitSha = z
  .string()
  .regex(/^[0-9a-fA-F]{40}$/, 'must be a full 40-character commit hash')
  .transform((v) => v.toLowerCase());

const ecosystem = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,31}$/, 'must be a lowercase ecosystem name such as "pypi" or "npm"');

export const packageSchema = z.strictObject({
  name: plainText(1, 214),
  version: plainText(1, 128),
  ecosystem: ecosystem.optional(),
});

export const datasetSchema = z
  .strictObject({
    uri: plainText(1, 2048).optional(),
    name: plainText(1, 256).optional(),
    sha256: sha256Hex,
    role: z.enum(['training', 'validation', 'test', 'evaluation', 'other']).optional(),
  })
  .refine((d) => d.uri !== undefined || d.name !== undefined, { message: 'needs a uri or a name' });

const runtimeName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$/, 'must be a runtime name such as "python" or "cuda"');

const MAX_HYPERPARAMETER_BYTES = 64 * 1024;

export const provenanceSchema = z.strictObject({
  code: z
    .strictObject({
      repositoryUrl: repositoryUrl.optional(),
      commit: commitSha.optional(),
      /** Folder inside the repository, for monorepos. */
      path: plainText(1, 1024).optional(),
    })
    .optional(),
  containerImage: z
    .strictObject({
      digest: prefixedSha256.optional(),
      /** Human-readable reference such as `ghcr.io/acme/train:1.4`; the digest is what counts. */
      reference: plainText(1, 512).optional(),
    })
    .optional(),
  dependencies: z
    .strictObject({
      lockFileName: plainText(1, 256).optional(),
      lockFileDigest: prefixedSha256.optional(),
      packages: z.array(packageSchema).max(20_000, 'must list at most 20000 packages').optional(),
    })
    .optional(),
  datasets: z.array(datasetSchema).max(1000, 'must list at most 1000 datasets').optional(),
  hyperparameters: z
    .record(z.string(), z.json())
    .refine((v) => Buffer.byteLength(JSON.stringify(v)) <= MAX_HYPERPARAMETER_BYTES, {
      message: `must serialise to at most ${MAX_HYPERPARAMETER_BYTES} bytes`,
    })
    .optional(),
  seed: z
    .number()
    .int('must be an integer')
    .min(Number.MIN_SAFE_INTEGER)
    .max(Number.MAX_SAFE_INTEGER)
    .optional(),
  environment: z
    .strictObject({
      runtimes: z.record(runtimeName, plainText(1, 64)).optional(),
      accelerator: plainText(1, 256).optional(),
      hardware: plainText(1, 512).optional(),
    })
    .optional(),
});

export type ProvenanceInput = z.input<typeof provenanceSchema>;
export type Provenance = z.output<typeof provenanceSchema>;
export type PackageRef = z.output<typeof packageSchema>;
export type DatasetRef = z.output<typeof datasetSchema>;

/** Validates provenance, answering BAD_USER_INPUT that names every offending field. */
export function parseProvenance(input: unknown, pathPrefix = 'provenance'): Provenance {
  return parseInput(provenanceSchema, input ?? {}, pathPrefix);
}

const present = (v: unknown) => v !== undefined && v !== null && v !== '';
const nonEmptyList = (v: readonly unknown[] | undefined) => v !== undefined && v.length > 0;
const nonEmptyRecord = (v: Record<string, unknown> | undefined) =>
  v !== undefined && Object.keys(v).length > 0;

/**
 * What a complete provenance needs, in the order it is reported. Hyperparameters count once
 * stated, even as `{}` (some models have none); a model always has datasets, packages and a
 * runtime, so empty lists there count as missing. Accelerator and hardware stay optional: a
 * CPU-only model has no accelerator to name.
 */
const REQUIRED: ReadonlyArray<readonly [string, (p: Provenance) => boolean]> = [
  ['code.repositoryUrl', (p) => present(p.code?.repositoryUrl)],
  ['code.commit', (p) => present(p.code?.commit)],
  ['containerImage.digest', (p) => present(p.containerImage?.digest)],
  ['dependencies.lockFileDigest', (p) => present(p.dependencies?.lockFileDigest)],
  ['dependencies.packages', (p) => nonEmptyList(p.dependencies?.packages)],
  ['datasets', (p) => nonEmptyList(p.datasets)],
  ['hyperparameters', (p) => p.hyperparameters !== undefined],
  ['seed', (p) => p.seed !== undefined],
  ['environment.runtimes', (p) => nonEmptyRecord(p.environment?.runtimes)],
];

export interface Completeness {
  complete: boolean;
  /** Field paths still missing, in a fixed order. */
  missing: string[];
}

export function provenanceCompleteness(provenance: Provenance | null | undefined): Completeness {
  const p = provenance ?? {};
  const missing = REQUIRED.filter(([, has]) => !has(p)).map(([path]) => path);
  return { complete: missing.length === 0, missing };
}
