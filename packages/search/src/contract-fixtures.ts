import type { ModelSearchDocument } from './search-engine';

/**
 * Private models, two teams' worth; every other fixture is internal. Their words and facet
 * values are chosen so that hiding them changes what a caller outside their team could count:
 * `compliance`, `retention` and `embedding` occur nowhere else.
 */
export const PRIVATE_MODELS = ['fraud-graph-embeddings', 'aml-transaction-monitor', 'churn-oracle'];

/**
 * A small catalog for the contract suite: 17 models over 3 teams. The words are chosen so that
 * the contract's expectations hold on both engines, including Elasticsearch's typo tolerance
 * (no two distinct words here are within its edit distance of a query the suite sends).
 */

let sequence = 0;

function model(
  name: string,
  team: 'fraud-detection' | 'recommendations' | 'search-ranking',
  task: string | null,
  framework: string | null,
  tags: string[],
  description: string,
): ModelSearchDocument {
  sequence++;
  const teamNames = {
    'fraud-detection': 'Fraud Detection',
    recommendations: 'Recommendations',
    'search-ranking': 'Search Ranking',
  };
  const day = String(sequence).padStart(2, '0');
  return {
    id: `00000000-0000-4000-8000-0000000000${day}`,
    name,
    description,
    teamSlug: team,
    teamName: teamNames[team],
    task,
    framework,
    license: sequence % 3 === 0 ? null : 'apache-2.0',
    tags,
    visibility: PRIVATE_MODELS.includes(name) ? 'PRIVATE' : 'INTERNAL',
    archived: false,
    latestVersion: sequence % 4 === 0 ? null : sequence,
    createdBy: 'user-engineer',
    createdAt: `2026-01-${day}T09:00:00.000Z`,
    updatedAt: `2026-02-${day}T09:00:00.000Z`,
  };
}

export const CATALOG: ModelSearchDocument[] = [
  model(
    'card-fraud-scorer',
    'fraud-detection',
    'classification',
    'xgboost',
    ['fraud', 'payments', 'realtime'],
    'Scores card payments for fraud risk at authorisation time.',
  ),
  model(
    'fraud-graph',
    'fraud-detection',
    'classification',
    'pytorch',
    ['fraud', 'graph'],
    'Links accounts that share devices and flags organised rings.',
  ),
  model(
    'fraud-graph-embeddings',
    'fraud-detection',
    'embedding',
    'pytorch',
    ['fraud', 'graph', 'embeddings'],
    'Embeddings of the fraud graph: fraud graph features for downstream fraud graph models.',
  ),
  model(
    'chargeback-predictor',
    'fraud-detection',
    'classification',
    'lightgbm',
    ['payments'],
    'Predicts which disputed transactions turn into chargebacks.',
  ),
  model(
    'account-takeover-detector',
    'fraud-detection',
    'anomaly-detection',
    'sklearn',
    ['security', 'realtime'],
    'Detects unusual logins that suggest a stolen account.',
  ),
  model(
    'aml-transaction-monitor',
    'fraud-detection',
    'anomaly-detection',
    null,
    ['compliance'],
    'Anti money laundering alerts on wire transfers.',
  ),
  model(
    'home-feed-recommender',
    'recommendations',
    'recommendation',
    'pytorch',
    ['personalisation', 'realtime'],
    'Orders items on the home feed for each visitor.',
  ),
  model(
    'similar-items',
    'recommendations',
    'recommendation',
    'tensorflow',
    ['embeddings'],
    'Finds products that look like the one being viewed.',
  ),
  model(
    'email-digest-ranker',
    'recommendations',
    'ranking',
    'lightgbm',
    ['email'],
    'Chooses which products go into the weekly digest.',
  ),
  model(
    'cold-start-baseline',
    'recommendations',
    'recommendation',
    'sklearn',
    [],
    'Popularity baseline for new visitors without history.',
  ),
  model(
    'churn-oracle',
    'recommendations',
    'classification',
    'xgboost',
    ['retention'],
    'Predicts subscribers likely to cancel next month.',
  ),
  model(
    'query-understanding',
    'search-ranking',
    'text-classification',
    'transformers',
    ['nlp', 'query'],
    'Classifies shopper queries into product categories.',
  ),
  model(
    'learning-to-rank',
    'search-ranking',
    'ranking',
    'lightgbm',
    ['realtime'],
    'Orders results by predicted click-through.',
  ),
  model(
    'spell-corrector',
    'search-ranking',
    'text-generation',
    'transformers',
    ['nlp'],
    'Suggests corrections for misspelled queries.',
  ),
  model(
    'synonym-expander',
    'search-ranking',
    null,
    null,
    ['nlp'],
    'Expands queries with synonyms mined from logs.',
  ),
  model(
    'autocomplete-suggester',
    'search-ranking',
    'text-generation',
    'pytorch',
    ['query', 'realtime'],
    'Completes partial queries as the shopper types.',
  ),
  model(
    'related-searches',
    'search-ranking',
    'recommendation',
    'tensorflow',
    ['query'],
    'Recommends related searches below the results.',
  ),
];

export function byName(name: string): ModelSearchDocument {
  const found = CATALOG.find((d) => d.name === name);
  if (!found) throw new Error(`no fixture named ${name}`);
  return found;
}

export function namesOf(ids: string[]): string[] {
  return ids.map((id) => CATALOG.find((d) => d.id === id)?.name ?? id);
}

/** The replacement catalog for rebuild tests: three kept (one changed), three new, the rest gone. */
export function replacementCatalog(): ModelSearchDocument[] {
  const kept = CATALOG.slice(0, 3).map((d) => ({ ...d }));
  kept[0]!.description = 'Scores card payments; retrained on the spring data.';
  const fresh = (suffix: string, name: string, description: string): ModelSearchDocument => ({
    ...CATALOG[0]!,
    id: `00000000-0000-4000-9000-0000000000${suffix}`,
    name,
    description,
    tags: ['rebuilt'],
  });
  return [
    ...kept,
    fresh('01', 'merchant-risk-profiler', 'Profiles merchants by dispute history.'),
    fresh('02', 'refund-abuse-detector', 'Flags customers who abuse refunds.'),
    fresh('03', 'velocity-checker', 'Counts attempts per card per minute.'),
  ];
}
