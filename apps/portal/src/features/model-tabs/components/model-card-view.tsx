import type { ModelCard } from '../graphql/model-card';
import { cardSections, paragraphs } from '../lib/card-sections';
import styles from '../views/tab-view.module.css';

/** The card section by section; an empty section says so rather than disappearing. */
export function ModelCardView({ card }: { card: ModelCard }) {
  return (
    <div className={styles.cardSections}>
      {cardSections(card).map((section) => (
        <section
          key={section.key}
          className={styles.cardSection}
          aria-labelledby={`card-${section.key}`}
          data-testid={`card-${section.key}`}
        >
          <h3 id={`card-${section.key}`} className={styles.subTitle}>
            {section.title}
          </h3>
          {section.text ? (
            paragraphs(section.text).map((p) => (
              <p key={p} className={styles.text}>
                {p}
              </p>
            ))
          ) : (
            <p className={styles.none}>Not filled in.</p>
          )}
        </section>
      ))}
      <section className={styles.cardSection} aria-labelledby="card-owners" data-testid="card-owners">
        <h3 id="card-owners" className={styles.subTitle}>
          Owners
        </h3>
        {card.owners.length === 0 ? (
          <p className={styles.none}>Not filled in.</p>
        ) : (
          <ul className={styles.list}>
            {card.owners.map((owner) => (
              <li key={`${owner.name}/${owner.email ?? ''}`}>
                {owner.name}
                {owner.team ? <span className={styles.muted}> · {owner.team}</span> : null}
                {owner.email ? (
                  <>
                    {' '}
                    <a href={`mailto:${owner.email}`}>{owner.email}</a>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
