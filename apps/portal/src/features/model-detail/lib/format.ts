const dateTime = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'UTC',
  timeZoneName: 'short',
});

/** "3 Mar 2026, 14:05 UTC": server-rendered, so a fixed zone keeps it stable. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTime.format(date);
}

/** Metric values with up to four decimals, without trailing zeros. */
export function formatMetric(value: number): string {
  return Number.isInteger(value)
    ? value.toLocaleString('en-GB')
    : value.toLocaleString('en-GB', { maximumFractionDigits: 4 });
}

/** `sha256:9f86d081…b0f00a08`: enough to recognise, short enough to read. */
export function shortenChecksum(checksum: string): string {
  const [algorithm, digest] = checksum.includes(':') ? checksum.split(':', 2) : ['', checksum];
  if (!digest || digest.length <= 16) return checksum;
  return `${algorithm ? `${algorithm}:` : ''}${digest.slice(0, 8)}…${digest.slice(-8)}`;
}
