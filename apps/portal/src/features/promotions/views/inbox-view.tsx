import page from '@/components/management-page/management-page.module.css';
import { InboxList } from '../components/inbox-list';
import styles from '../components/promotions.module.css';
import type { InboxItem } from '../graphql/promotion-inbox';

/** `/approvals`: every open promotion request waiting for the caller, oldest first. */
export function InboxView({ items, approver, now }: { items: InboxItem[]; approver: boolean; now: number }) {
  return (
    <section className={page.page} aria-labelledby="approvals-heading">
      <h1 id="approvals-heading">Approvals</h1>
      <p className={page.lead}>
        Promotion requests of the teams you approve for, waiting for your decision. The approval policy of
        each model’s risk tier says how many approvals it needs and which approval roles must be among them.
      </p>
      {items.length === 0 ? (
        <p className={styles.notice} data-testid="inbox-empty">
          {approver
            ? 'Nothing waits for your decision.'
            : 'Nothing waits for your decision: you are not an approver in any team.'}
        </p>
      ) : (
        <InboxList items={items} now={now} />
      )}
    </section>
  );
}
