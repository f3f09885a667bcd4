'use client';

import styles from './insights.module.css';

/**
 * Downloads the figures on the page as CSV, built on the server from the same answer the charts
 * show, so the file matches the view without a second request.
 */
export function CsvExportButton({ csv, fileName }: { csv: string; fileName: string }) {
  const download = () => {
    const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = fileName;
    document.body.append(link);
    link.click();
    link.remove();
    // Not at once: some browsers read the blob after the click returns.
    setTimeout(() => URL.revokeObjectURL(url), 30_000);
  };
  return (
    <button type="button" className={styles.secondary} onClick={download}>
      Export CSV
    </button>
  );
}
