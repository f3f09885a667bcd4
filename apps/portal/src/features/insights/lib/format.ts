/** Hours as a person reads them: minutes under an hour, hours under two days, then days. */
export function formatHours(hours: number | null): string {
  if (hours === null || !Number.isFinite(hours)) return '—';
  if (hours < 1) return `${Math.round(hours * 60)} min`;
  if (hours < 48) return `${Number(hours.toFixed(1))} h`;
  return `${Number((hours / 24).toFixed(1))} d`;
}

/** A share of 0–1 as a whole percentage; `—` when there is nothing to divide by. */
export function formatShare(share: number | null): string {
  if (share === null || !Number.isFinite(share)) return '—';
  return `${Math.round(share * 100)} %`;
}

const WEEK = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
const DAY = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});

/** A week's Monday as an axis label, e.g. `23 Nov`. */
export const formatWeek = (iso: string) => WEEK.format(new Date(iso));

/** A `YYYY-MM-DD` day in words, e.g. `23 Nov 2026`. */
export const formatDay = (day: string) => DAY.format(new Date(`${day}T00:00:00Z`));
