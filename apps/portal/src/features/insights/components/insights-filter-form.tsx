import Link from 'next/link';
import { type InsightsFilter, insightsHref, lastDays, RANGE_PRESETS } from '../lib/insights-filter';
import styles from './insights.module.css';

/** A plain GET form: submitting it puts the range and team in the URL, so the link is the view. */
export function InsightsFilterForm({ filter, teams }: { filter: InsightsFilter; teams: string[] }) {
  // A team in the URL that the list lacks (e.g. one the caller may not see) stays selectable.
  const options = filter.team && !teams.includes(filter.team) ? [...teams, filter.team] : teams;
  return (
    <form className={styles.filter} method="get" action="/insights" aria-label="Filter the insights">
      <label>
        From
        <input type="date" name="from" defaultValue={filter.from} required />
      </label>
      <label>
        To
        <input type="date" name="to" defaultValue={filter.to} required />
      </label>
      <label>
        Team
        <select name="team" defaultValue={filter.team ?? ''}>
          <option value="">All teams</option>
          {options.map((team) => (
            <option key={team} value={team}>
              {team}
            </option>
          ))}
        </select>
      </label>
      <div className={styles.filterActions}>
        <button type="submit" className={styles.button}>
          Apply
        </button>
      </div>
      <nav className={styles.presets} aria-label="Quick ranges">
        {RANGE_PRESETS.map((preset) => (
          <Link key={preset.days} href={insightsHref({ ...lastDays(preset.days), team: filter.team })}>
            {preset.label}
          </Link>
        ))}
      </nav>
    </form>
  );
}
