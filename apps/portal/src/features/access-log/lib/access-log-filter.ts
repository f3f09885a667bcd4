export interface AccessLogFilterForm {
  /** `YYYY-MM-DD`, from an `<input type="date">`, read as UTC. */
  from: string;
  to: string;
  subject: string;
  outcome: string;
}

const dayStart = (day: string) => (/^\d{4}-\d{2}-\d{2}$/.test(day) ? `${day}T00:00:00Z` : null);
const nextDayStart = (day: string) => {
  const start = dayStart(day);
  return start ? new Date(new Date(start).getTime() + 86_400_000).toISOString() : null;
};

/** The GraphQL filter for the form: whole UTC days, `to` inclusive; empty fields left out. */
export function accessLogFilter(form: AccessLogFilterForm) {
  return {
    from: dayStart(form.from),
    to: nextDayStart(form.to),
    subject: form.subject.trim() || null,
    outcome: form.outcome.trim().toUpperCase() || null,
  };
}

/** The portal's export route for the same filter; the gateway needs `from`, so it defaults to 7 days back. */
export function exportHref(form: AccessLogFilterForm, now = new Date()): string {
  const filter = accessLogFilter(form);
  const params = new URLSearchParams({
    from: filter.from ?? new Date(now.getTime() - 7 * 86_400_000).toISOString(),
  });
  if (filter.to) params.set('to', filter.to);
  if (filter.subject) params.set('subject', filter.subject);
  if (filter.outcome) params.set('outcome', filter.outcome);
  return `/api/access-log?${params}`;
}
