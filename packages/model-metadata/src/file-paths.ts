/**
 * Paths of files inside a model version, as they appear in its manifest: relative POSIX paths in
 * Unicode NFC, so that the same directory hashed on macOS (NFD file names), Linux or Windows
 * gives the same manifest.
 */
const CONTROL_CHARACTERS = /\p{Cc}/u;
const MAX_PATH_LENGTH = 4096;

export function normaliseFilePath(path: string): string {
  return path.normalize('NFC');
}

/** Why a (normalised) path cannot stand in a manifest, or `undefined` when it can. */
export function filePathProblem(path: string): string | undefined {
  if (path.length === 0) return 'must not be empty';
  if (path.length > MAX_PATH_LENGTH) return `must be at most ${MAX_PATH_LENGTH} characters`;
  if (path.includes('\\')) return 'must use "/" as separator, not backslashes';
  if (path.startsWith('/')) return 'must be relative (no leading "/")';
  if (CONTROL_CHARACTERS.test(path)) return 'must not contain control characters';
  if (hasLoneSurrogate(path)) return 'must be valid Unicode';
  for (const segment of path.split('/')) {
    if (segment === '') return 'must not contain empty segments ("//" or a trailing "/")';
    if (segment === '.' || segment === '..') return 'must not contain "." or ".." segments';
  }
  return undefined;
}

/**
 * Orders paths segment by segment, each segment by Unicode code point. This is how the OpenSSF
 * model-signing library sorts its resources (Python `PurePosixPath` ordering), which differs from
 * plain string order: `a/b` sorts before `a-b` because the segment `a` is a prefix of `a-b`.
 */
export function compareFilePaths(a: string, b: string): number {
  const left = a.split('/');
  const right = b.split('/');
  const shared = Math.min(left.length, right.length);
  for (let i = 0; i < shared; i++) {
    const order = compareCodePoints(left[i] as string, right[i] as string);
    if (order !== 0) return order;
  }
  return left.length - right.length;
}

/** Code point order; JavaScript's default `<` compares UTF-16 code units, which differs above U+FFFF. */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

// In a `u` regex a surrogate pair is one code point, so `\p{Cs}` matches only a lone half.
const LONE_SURROGATE = /\p{Cs}/u;

/** Lone UTF-16 surrogates have no UTF-8 form; RFC 8785 (I-JSON) forbids them. */
export function hasLoneSurrogate(value: string): boolean {
  return LONE_SURROGATE.test(value);
}
