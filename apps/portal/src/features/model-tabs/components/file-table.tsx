import { formatBytes } from '@/features/compare-versions/lib/format-value';
import type { VersionFile } from '../graphql/model-artifacts';
import { downloadPath, fileName } from '../lib/download-path';
import styles from '../views/tab-view.module.css';

/**
 * A version's files: path, size, the full digest (selectable in one go, for `sha256sum -c`)
 * and a download through the portal, which checks the session and streams the bytes.
 */
export function FileTable({ versionId, files }: { versionId: string; files: VersionFile[] }) {
  return (
    <div className={styles.tableWrap}>
      <table className={styles.table} data-testid="artifact-files">
        <caption className="visually-hidden">Files of this version</caption>
        <thead>
          <tr>
            <th scope="col">Path</th>
            <th scope="col" className={styles.num}>
              Size
            </th>
            <th scope="col">SHA-256 digest</th>
            <th scope="col">
              <span className="visually-hidden">Download</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {files.map((file) => (
            <tr key={file.path} data-testid="artifact-file">
              <th scope="row">
                <code className={styles.mono}>{file.path}</code>
              </th>
              <td className={styles.num} title={`${file.size.toLocaleString('en-GB')} bytes`}>
                {formatBytes(file.size)}
              </td>
              <td>
                <code className={styles.mono} data-testid="artifact-digest">
                  {file.digest}
                </code>
              </td>
              <td>
                <a href={downloadPath(versionId, file.path)} download={fileName(file.path)}>
                  Download<span className="visually-hidden"> {file.path}</span>
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
