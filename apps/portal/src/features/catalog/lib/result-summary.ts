/** "3 models match “fraud”", "12 models", for the live region above the results. */
export function resultSummary(total: number, query: string, filtered: boolean): string {
  const noun = total === 1 ? 'model' : 'models';
  const q = query.trim();
  if (q)
    return `${total} ${noun} ${total === 1 ? 'matches' : 'match'} “${q}”${filtered ? ' with these filters' : ''}`;
  return filtered ? `${total} ${noun} with these filters` : `${total} ${noun}`;
}

/** The empty-state headline: says what found nothing. */
export function emptyTitle(query: string, filtered: boolean): string {
  const q = query.trim();
  if (q) return `No models match “${q}”${filtered ? ' with these filters' : ''}`;
  return filtered ? 'No models match these filters' : 'No models in the catalog yet';
}
