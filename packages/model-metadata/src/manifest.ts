import { InvalidInputError, parseInput } from '@cairn/errors';
import { plainText } from '@cairn/input-rules';
import canonicalize from 'canonicalize';
import { z } from 'zod';
import { prefixedSha256Of, sha256Hex } from './digests';
import { compareFilePaths, filePathProblem, hasLoneSurrogate, normaliseFilePath } from './file-paths';
import { modelCardSchema } from './model-card';
import { provenanceSchema } from './provenance';

/**
 * The canonical manifest of a model version: what it is (model, version), what it consists of
 * (every file by relative POSIX path, whole-file SHA-256 and size) and where it came from. Its
 * text is RFC 8785 canonical JSON, so any tool that re-canonicalises it gets the same bytes and
 * the same digest. Bump the schema version on any change to the shape.
 */
export const MANIFEST_SCHEMA_VERSION = 1;

const MAX_FILES = 100_000;

const fileSchema = z.strictObject({
  path: z
    .string()
    .transform(normaliseFilePath)
    .superRefine((path, ctx) => {
      const problem = filePathProblem(path);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  sha256: sha256Hex,
  size: z.number().int('must be a whole number of bytes').min(0, 'must not be negative'),
});

const filesSchema = z
  .array(fileSchema)
  .max(MAX_FILES, `must list at most ${MAX_FILES} files`)
  .superRefine((files, ctx) => {
    // Case-sensitive on purpose: the store and Linux tell `Model.bin` from `model.bin`.
    const seen = new Set<string>();
    files.forEach((file, index) => {
      if (seen.has(file.path))
        ctx.addIssue({ code: 'custom', path: [index, 'path'], message: 'is listed twice' });
      seen.add(file.path);
    });
  })
  .transform((files) => [...files].sort((a, b) => compareFilePaths(a.path, b.path)));

export const manifestSchema = z.strictObject({
  schemaVersion: z.literal(MANIFEST_SCHEMA_VERSION),
  model: z.strictObject({ team: plainText(1, 200), name: plainText(1, 200) }),
  version: z.number().int().min(1, 'must be 1 or more'),
  files: filesSchema,
  provenance: provenanceSchema,
  card: modelCardSchema.optional(),
});

export type ManifestFile = z.output<typeof fileSchema>;
export type Manifest = z.output<typeof manifestSchema>;

export interface BuildManifestInput {
  model: { team: string; name: string };
  version: number;
  files: ReadonlyArray<{ path: string; sha256: string; size: number }>;
  provenance?: unknown;
  /** Only when the card is frozen with the version: any later edit would change the digest. */
  card?: unknown;
}

export interface BuiltManifest {
  manifest: Manifest;
  /** RFC 8785 canonical JSON, UTF-8 when stored or hashed. */
  json: string;
  /** `sha256:` over the UTF-8 bytes of `json`; what ModelVersion.manifestDigest exposes. */
  digest: string;
}

/** Validates and canonicalises; BAD_USER_INPUT names each offending field (`files.3.path`, …). */
export function buildManifest(input: BuildManifestInput): BuiltManifest {
  const manifest = parseInput(manifestSchema, {
    schemaVersion: MANIFEST_SCHEMA_VERSION,
    model: input.model,
    version: input.version,
    files: input.files,
    provenance: input.provenance ?? {},
    ...(input.card === undefined ? {} : { card: input.card }),
  });
  return serialiseManifest(manifest);
}

/**
 * Reads a manifest back (CLI, outside tools). Any JSON layout is accepted; the digest is always
 * recomputed over the canonical form, so compare it with the registry's, not with the file's hash.
 */
export function parseManifest(json: string): BuiltManifest {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw InvalidInputError.field('manifest', 'is not valid JSON');
  }
  return serialiseManifest(parseInput(manifestSchema, raw, 'manifest'));
}

function serialiseManifest(manifest: Manifest): BuiltManifest {
  // RFC 8785 admits only well-formed Unicode; the canonicalize release we use does not check.
  const broken = loneSurrogatePath(manifest, []);
  if (broken) throw InvalidInputError.field(broken, 'must be valid Unicode');
  const json = canonicalize(manifest) as string;
  return { manifest, json, digest: prefixedSha256Of(json) };
}

function loneSurrogatePath(value: unknown, path: (string | number)[]): string | undefined {
  if (typeof value === 'string') return hasLoneSurrogate(value) ? path.join('.') || 'manifest' : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, child] of Object.entries(value)) {
    if (hasLoneSurrogate(key)) return [...path, key].join('.');
    const found = loneSurrogatePath(child, [...path, key]);
    if (found) return found;
  }
  return undefined;
}

export interface FileVerification {
  ok: boolean;
  matched: string[];
  mismatched: { path: string; expected: string; actual: string }[];
  /** In the manifest, absent locally. */
  missing: string[];
  /** Present locally, not in the manifest. */
  unexpected: string[];
}

/**
 * Compares a local copy (path → SHA-256 of each file, as an outside tool or the CLI computed it)
 * with the manifest. Local paths are NFC-normalised first, so a copy on macOS still matches.
 */
export function verifyFilesAgainstManifest(
  manifest: Pick<Manifest, 'files'>,
  local: ReadonlyMap<string, string> | Readonly<Record<string, string>>,
): FileVerification {
  const entries = local instanceof Map ? [...local.entries()] : Object.entries(local);
  const actual = new Map(entries.map(([path, digest]) => [normaliseFilePath(path), digest.toLowerCase()]));
  const result: FileVerification = { ok: false, matched: [], mismatched: [], missing: [], unexpected: [] };
  for (const file of manifest.files) {
    const digest = actual.get(file.path);
    if (digest === undefined) result.missing.push(file.path);
    else if (digest === file.sha256) result.matched.push(file.path);
    else result.mismatched.push({ path: file.path, expected: file.sha256, actual: digest });
    actual.delete(file.path);
  }
  result.unexpected = [...actual.keys()].sort(compareFilePaths);
  result.ok = result.mismatched.length === 0 && result.missing.length === 0 && result.unexpected.length === 0;
  return result;
}
