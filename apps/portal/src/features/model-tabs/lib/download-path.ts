/**
 * The portal's own URL for one file of a version: the browser holds no API token, so downloads
 * go through `/api/artifacts/…`, which adds the session's token and streams the gateway's answer.
 * Each path segment is encoded on its own, so a `/` in the path stays a separator and nothing
 * else becomes one.
 */
export function downloadPath(versionId: string, filePath: string): string {
  const segments = filePath.split('/').map(encodeURIComponent).join('/');
  return `/api/artifacts/versions/${encodeURIComponent(versionId)}/files/${segments}`;
}

/** The file name a download is saved under: the path's last segment. */
export function fileName(filePath: string): string {
  return filePath.split('/').pop() || filePath;
}
