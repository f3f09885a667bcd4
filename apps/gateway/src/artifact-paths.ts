/**
 * The artifact routes' URLs, read before anything is sent to the registry: which route a request
 * is for (by shape), then whether its parameters are acceptable (by content), so that nothing
 * malformed ever reaches the registry.
 */

export const ARTIFACTS_PATH = '/artifacts';
/** The S3 multipart bound, which the registry's upload sessions follow. */
export const MAX_PART_NUMBER = 10_000;
/** Longest file path accepted, in characters after decoding. */
export const MAX_FILE_PATH_LENGTH = 1024;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UPLOAD_PART = /^\/uploads\/([^/]*)\/parts\/([^/]*)\/?$/;
const VERSION_FILE = /^\/versions\/([^/]*)\/files(?:\/(.*))?$/;
/** A whole version exported as a Cairn bundle or an OCI image layout (tar streams). */
const VERSION_EXPORT = /^\/versions\/([^/]*)\/(bundle|oci)\/?$/;
/** Control characters and backslashes have no place in a file path and confuse logs and stores. */
const UNSAFE_SEGMENT = /[\p{Cc}\\/]/u;

export type ArtifactRoute =
  | { kind: 'upload-part'; rawSessionId: string; rawPartNumber: string }
  | { kind: 'file'; rawVersionId: string; rawFilePath: string }
  | { kind: 'export'; rawVersionId: string; format: 'bundle' | 'oci' };

export type ArtifactTarget =
  | { kind: 'upload-part'; sessionId: string; partNumber: number; upstreamPath: string }
  | { kind: 'file'; versionId: string; filePath: string; upstreamPath: string }
  | { kind: 'export'; versionId: string; format: 'bundle' | 'oci'; upstreamPath: string };

/** Which artifact route a path (below `/artifacts`, still percent-encoded) names, if any. */
export function matchArtifactRoute(path: string): ArtifactRoute | null {
  const upload = UPLOAD_PART.exec(path);
  if (upload) return { kind: 'upload-part', rawSessionId: upload[1]!, rawPartNumber: upload[2]! };
  const file = VERSION_FILE.exec(path);
  if (file) return { kind: 'file', rawVersionId: file[1]!, rawFilePath: file[2] ?? '' };
  const exported = VERSION_EXPORT.exec(path);
  if (exported) {
    return { kind: 'export', rawVersionId: exported[1]!, format: exported[2] as 'bundle' | 'oci' };
  }
  return null;
}

export const ALLOWED_METHODS: Record<ArtifactRoute['kind'], string[]> = {
  'upload-part': ['PUT'],
  file: ['GET', 'HEAD'],
  export: ['GET', 'HEAD'],
};

/** What a caller sees in the access log for a request, however malformed, kept short. */
export function describeArtifactRequest(method: string, path: string): string {
  return `${method} ${ARTIFACTS_PATH}${path}`.slice(0, 200);
}

function decodeSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/**
 * The file path as a list of decoded segments, or the reason it is refused. Each segment is
 * re-encoded on its own for the registry, so what reaches it is canonical: a `%2F` or a `..`
 * smuggled inside a segment never becomes a separator or a step up.
 */
function fileSegments(rawFilePath: string): string[] | string {
  if (rawFilePath === '') return 'the file path is empty';
  const segments = rawFilePath.split('/').map(decodeSegment);
  if (segments.some((s) => s === null)) return 'the file path is not valid percent-encoding';
  const decoded = segments as string[];
  if (decoded.some((s) => s === '' || s === '.' || s === '..'))
    return 'the file path has an empty, "." or ".." segment';
  if (decoded.some((s) => UNSAFE_SEGMENT.test(s)))
    return 'the file path has a control character, a backslash or an encoded "/"';
  if (decoded.join('/').length > MAX_FILE_PATH_LENGTH)
    return `the file path is longer than ${MAX_FILE_PATH_LENGTH} characters`;
  return decoded;
}

/** The route's parameters, checked, with the registry's path for them; or why they are refused. */
export function artifactTarget(route: ArtifactRoute): ArtifactTarget | { refused: string } {
  if (route.kind === 'upload-part') {
    if (!UUID.test(route.rawSessionId)) return { refused: 'The upload session id must be a UUID' };
    const partNumber = /^[1-9]\d{0,4}$/.test(route.rawPartNumber) ? Number(route.rawPartNumber) : 0;
    if (partNumber < 1 || partNumber > MAX_PART_NUMBER)
      return { refused: `The part number must be an integer from 1 to ${MAX_PART_NUMBER}` };
    const sessionId = route.rawSessionId.toLowerCase();
    return {
      kind: 'upload-part',
      sessionId,
      partNumber,
      upstreamPath: `${ARTIFACTS_PATH}/uploads/${sessionId}/parts/${partNumber}`,
    };
  }
  if (!UUID.test(route.rawVersionId)) return { refused: 'The version id must be a UUID' };
  if (route.kind === 'export') {
    const versionId = route.rawVersionId.toLowerCase();
    return {
      kind: 'export',
      versionId,
      format: route.format,
      upstreamPath: `${ARTIFACTS_PATH}/versions/${versionId}/${route.format}`,
    };
  }
  const segments = fileSegments(route.rawFilePath);
  if (typeof segments === 'string') return { refused: `The file path is refused: ${segments}` };
  const versionId = route.rawVersionId.toLowerCase();
  return {
    kind: 'file',
    versionId,
    filePath: segments.join('/'),
    upstreamPath: `${ARTIFACTS_PATH}/versions/${versionId}/files/${segments.map(encodeURIComponent).join('/')}`,
  };
}
