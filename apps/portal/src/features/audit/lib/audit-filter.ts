/** The chain's sources, as the `AuditSource` enum spells them. */
export const AUDIT_SOURCES = ['REGISTRY', 'LINEAGE', 'GOVERNANCE', 'METRICS', 'ACCESS_LOG'] as const;
export type AuditSourceName = (typeof AUDIT_SOURCES)[number];

/** The viewer's state, all of it in the URL so a view can be bookmarked and shared. */
export interface AuditFilter {
  source: AuditSourceName | null;
  type: string | null;
  subject: string | null;
  actor: string | null;
  /** `YYYY-MM-DD`, a whole UTC day, inclusive at both ends. */
  from: string | null;
  to: string | null;
  /** The cursor of the page before, from `pageInfo.endCursor`. */
  after: string | null;
}

type SearchParams = Record<string, string | string[] | undefined>;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
// Governance caps these lengths (audit-rules.ts); longer text is dropped here rather than refused there.
const LIMITS = { type: 200, subject: 300, actor: 300, after: 100 } as const;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

function text(params: SearchParams, name: keyof typeof LIMITS): string | null {
  const value = first(params[name])?.trim();
  return value && value.length <= LIMITS[name] ? value : null;
}

function day(params: SearchParams, name: 'from' | 'to'): string | null {
  const value = first(params[name])?.trim();
  if (!value || !DAY.test(value)) return null;
  // `2026-02-31` passes the pattern; only a date that round-trips is a day.
  return new Date(`${value}T00:00:00Z`).toISOString().startsWith(value) ? value : null;
}

/**
 * Reads the viewer's filter from the page's search params. What cannot be a filter (an unknown
 * source, a date that is not a day, text over governance's limits) is left out, so a hand-edited
 * URL shows a wider list instead of an error.
 */
export function parseAuditFilter(params: SearchParams): AuditFilter {
  const source = first(params.source)?.trim().toUpperCase().replace('-', '_');
  return {
    source: AUDIT_SOURCES.find((s) => s === source) ?? null,
    type: text(params, 'type'),
    subject: text(params, 'subject'),
    actor: text(params, 'actor'),
    from: day(params, 'from'),
    to: day(params, 'to'),
    after: text(params, 'after'),
  };
}

/** `auditLog`'s variables: whole UTC days with `to` inclusive (governance's `to` is exclusive). */
export function auditLogVariables(filter: AuditFilter) {
  return {
    source: filter.source,
    type: filter.type,
    subject: filter.subject,
    actor: filter.actor,
    from: filter.from ? `${filter.from}T00:00:00.000Z` : null,
    to: filter.to ? new Date(Date.parse(`${filter.to}T00:00:00Z`) + 86_400_000).toISOString() : null,
    after: filter.after,
  };
}

/** Whether anything narrows the list (paging aside): decides the empty state's wording. */
export function isFiltered(filter: AuditFilter): boolean {
  return [filter.source, filter.type, filter.subject, filter.actor, filter.from, filter.to].some(Boolean);
}

/** The viewer's URL for a filter, empty fields left out; `after` only when given. */
export function auditHref(filter: AuditFilter, after: string | null = null): string {
  const params = new URLSearchParams();
  for (const name of ['source', 'type', 'subject', 'actor', 'from', 'to'] as const) {
    const value = filter[name];
    if (value) params.set(name, value);
  }
  if (after) params.set('after', after);
  return params.size ? `/audit?${params}` : '/audit';
}

/**
 * The portal's export link (relayed to the gateway's `/audit/export`). An export is always an
 * unbroken slice of the chain, so it can be verified offline: it covers every entry between the
 * lowest and highest seq given, whatever their source; with no seqs, the whole chain.
 */
export function auditExportHref(seqs: readonly number[] = []): string {
  if (seqs.length === 0) return '/api/audit/export';
  const params = new URLSearchParams({
    from: String(Math.min(...seqs)),
    to: String(Math.max(...seqs)),
  });
  return `/api/audit/export?${params}`;
}
