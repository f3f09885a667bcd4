const DAY_MS = 86_400_000;
/** The API's longest range (metrics' insights-rules.ts), in whole days. */
export const MAX_RANGE_DAYS = 731;
/** What the dashboard shows without a range: the last 90 days, today included. */
export const DEFAULT_RANGE_DAYS = 90;
/** Quick ranges offered above the filter, in days ending today. */
export const RANGE_PRESETS = [
  { days: 30, label: 'Last 30 days' },
  { days: 90, label: 'Last 90 days' },
  { days: 365, label: 'Last 12 months' },
] as const;

/** The dashboard's state, all of it in the URL so a link reproduces the view. */
export interface InsightsFilter {
  /** `YYYY-MM-DD`, whole UTC days, both inclusive. */
  from: string;
  to: string;
  /** One team's slug, or every team the caller may see. */
  team: string | null;
  /** Why the range in the URL was not used, if it was not. */
  problem: string | null;
}

type SearchParams = Record<string, string | string[] | undefined>;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
// The metrics subgraph's slug rule; anything else would only earn a BAD_USER_INPUT.
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const msOf = (day: string) => Date.parse(`${day}T00:00:00Z`);

function day(params: SearchParams, name: 'from' | 'to'): string | null {
  const value = first(params[name])?.trim();
  if (!value || !DAY.test(value)) return null;
  // `2026-02-31` passes the pattern; only a date that round-trips is a day.
  return dayOf(msOf(value)) === value ? value : null;
}

/** The last `days` days ending on `today` (UTC), both ends included. */
export function lastDays(days: number, today: Date = new Date()): { from: string; to: string } {
  const to = dayOf(today.getTime());
  return { from: dayOf(msOf(to) - (days - 1) * DAY_MS), to };
}

/** Days covered by a filter's range, both ends included. */
export const rangeDays = (filter: Pick<InsightsFilter, 'from' | 'to'>) =>
  Math.round((msOf(filter.to) - msOf(filter.from)) / DAY_MS) + 1;

/**
 * Reads the dashboard's filter from the page's search params. A missing end is today and a
 * missing start 90 days before the end. A range the API would refuse (start after end, longer
 * than two years) falls back to the default and says why, so a hand-edited link still shows
 * figures; a team that cannot be a slug is ignored.
 */
export function parseInsightsFilter(params: SearchParams, today: Date = new Date()): InsightsFilter {
  const team = first(params.team)?.trim().toLowerCase() || null;
  const to = day(params, 'to') ?? dayOf(today.getTime());
  const from = day(params, 'from') ?? dayOf(msOf(to) - (DEFAULT_RANGE_DAYS - 1) * DAY_MS);
  const chosen = { from, to, team: team && SLUG.test(team) && team.length <= 100 ? team : null };
  const problem =
    msOf(from) > msOf(to)
      ? 'The start of the range was after its end'
      : rangeDays(chosen) > MAX_RANGE_DAYS
        ? `The range was longer than ${MAX_RANGE_DAYS} days`
        : null;
  if (!problem) return { ...chosen, problem: null };
  return {
    ...chosen,
    ...lastDays(DEFAULT_RANGE_DAYS, today),
    problem: `${problem}: showing the last 90 days.`,
  };
}

/** `insights`'s variables: the API's `to` is exclusive, so the last day runs to the next midnight. */
export function insightsVariables(filter: InsightsFilter) {
  return {
    from: `${filter.from}T00:00:00.000Z`,
    to: new Date(msOf(filter.to) + DAY_MS).toISOString(),
    team: filter.team,
    filtered: filter.team !== null,
  };
}

/** The dashboard's URL for a filter; always with the range, so the link means the same days later. */
export function insightsHref(filter: Pick<InsightsFilter, 'from' | 'to' | 'team'>): string {
  const params = new URLSearchParams({ from: filter.from, to: filter.to });
  if (filter.team) params.set('team', filter.team);
  return `/insights?${params}`;
}

/** The CSV's file name: the range and the team (or `all-teams`), safe on every file system. */
export function insightsCsvName(filter: Pick<InsightsFilter, 'from' | 'to' | 'team'>): string {
  return `cairn-insights_${filter.from}_${filter.to}_${filter.team ?? 'all-teams'}.csv`;
}
