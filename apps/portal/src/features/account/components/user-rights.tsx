import Link from 'next/link';
import type { Me } from '../graphql/me';
import { describeMembership, describeOrgRoles } from '../lib/describe-rights';
import styles from './user-rights.module.css';

/** The caller's teams and roles, in the user menu. */
export function UserRights({ me }: { me: Me }) {
  const orgRoles = describeOrgRoles(me);
  return (
    <section className={styles.rights} aria-label="Your teams and roles">
      {orgRoles.length > 0 ? <p className={styles.org}>{orgRoles.join(', ')}</p> : null}
      {me.memberships.length > 0 ? (
        <ul className={styles.teams}>
          {me.memberships.map((membership) => (
            <li key={membership.team}>
              <Link href={`/teams/${encodeURIComponent(membership.team)}`}>{membership.team}</Link>
              <span className={styles.role}> {describeMembership(membership)}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className={styles.none}>No team memberships</p>
      )}
    </section>
  );
}
