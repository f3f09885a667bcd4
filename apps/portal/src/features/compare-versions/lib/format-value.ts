/** A compared value as one line of text; absent values show as a dash. */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** A delta with its sign, so "+0.012" and "−0.3" read at a glance; null is a dash. */
export function formatDelta(delta: number | null): string {
  if (delta === null) return '—';
  if (delta === 0) return '0';
  const text = Math.abs(delta).toLocaleString('en-GB', { maximumFractionDigits: 4 });
  return `${delta > 0 ? '+' : '−'}${text}`;
}

/** Bytes in the largest unit that keeps the number readable. */
export function formatBytes(bytes: number | null): string {
  if (bytes === null) return '—';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toLocaleString('en-GB', { maximumFractionDigits: 1 })} ${units[unit]}`;
}
