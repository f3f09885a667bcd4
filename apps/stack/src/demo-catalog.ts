/**
 * The demo catalog `npm start` seeds on first run: realistic enough to browse, search and
 * chart. Deterministic, so every fresh clone shows the same catalog.
 */
export const DEMO_TEAMS = [
  { slug: 'fraud-detection', name: 'Fraud Detection' },
  { slug: 'recommendations', name: 'Recommendations' },
  { slug: 'search-ranking', name: 'Search Ranking' },
  { slug: 'platform', name: 'ML Platform' },
];

/**
 * Private demo models, two per team in two teams: `engineer@` (fraud-detection) sees the first
 * pair and not the second, `recommender@` the reverse, `executive@` neither.
 */
export const PRIVATE_DEMO_MODELS: ReadonlySet<string> = new Set([
  'synthetic-identity-graph',
  'aml-transaction-monitor',
  'churn-propensity',
  'price-elasticity',
]);

export interface DemoModelSpec {
  team: string;
  name: string;
  task: string;
  framework: string;
  description: string;
  tags: string[];
  metric: 'auc' | 'ndcg_at_10' | 'rmse' | 'f1';
  visibility: 'PRIVATE' | 'INTERNAL';
}

const spec = (
  team: string,
  name: string,
  task: string,
  framework: string,
  metric: DemoModelSpec['metric'],
  tags: string[],
  description: string,
): DemoModelSpec => ({
  team,
  name,
  task,
  framework,
  metric,
  tags,
  description,
  visibility: PRIVATE_DEMO_MODELS.has(name) ? 'PRIVATE' : 'INTERNAL',
});

export const DEMO_MODELS: DemoModelSpec[] = [
  spec(
    'fraud-detection',
    'card-fraud-scorer',
    'classification',
    'xgboost',
    'auc',
    ['tabular', 'realtime'],
    'Scores card transactions for fraud risk at authorisation time.',
  ),
  spec(
    'fraud-detection',
    'chargeback-predictor',
    'classification',
    'lightgbm',
    'auc',
    ['tabular', 'batch'],
    'Predicts which settled transactions will be charged back within 90 days.',
  ),
  spec(
    'fraud-detection',
    'account-takeover-detector',
    'classification',
    'pytorch',
    'f1',
    ['sequence', 'realtime'],
    'Flags sessions whose login and navigation pattern suggests account takeover.',
  ),
  spec(
    'fraud-detection',
    'merchant-risk-rating',
    'regression',
    'sklearn',
    'rmse',
    ['tabular'],
    'Estimates expected loss per merchant for onboarding reviews.',
  ),
  spec(
    'fraud-detection',
    'synthetic-identity-graph',
    'classification',
    'pytorch-geometric',
    'auc',
    ['graph'],
    'Graph neural network spotting synthetic identities across applications.',
  ),
  spec(
    'fraud-detection',
    'refund-abuse-classifier',
    'classification',
    'catboost',
    'f1',
    ['tabular'],
    'Detects serial refund abuse in e-commerce returns.',
  ),
  spec(
    'fraud-detection',
    'device-fingerprint-embedder',
    'embedding',
    'tensorflow',
    'auc',
    ['embedding', 'realtime'],
    'Embeds device fingerprints for nearest-neighbour fraud lookups.',
  ),
  spec(
    'fraud-detection',
    'aml-transaction-monitor',
    'anomaly-detection',
    'sklearn',
    'f1',
    ['tabular', 'regulated'],
    'Anti-money-laundering anomaly scores for wire transfers.',
  ),
  spec(
    'recommendations',
    'home-feed-ranker',
    'ranking',
    'tensorflow',
    'ndcg_at_10',
    ['ranking', 'realtime'],
    'Ranks candidate items for the personalised home feed.',
  ),
  spec(
    'recommendations',
    'similar-items',
    'embedding',
    'pytorch',
    'ndcg_at_10',
    ['embedding'],
    'Two-tower model powering the "similar items" carousel.',
  ),
  spec(
    'recommendations',
    'cart-complements',
    'recommendation',
    'pytorch',
    'ndcg_at_10',
    ['basket'],
    'Suggests complementary products from the current cart.',
  ),
  spec(
    'recommendations',
    'email-send-time',
    'regression',
    'lightgbm',
    'rmse',
    ['marketing'],
    'Predicts the hour each customer is most likely to open an email.',
  ),
  spec(
    'recommendations',
    'churn-propensity',
    'classification',
    'xgboost',
    'auc',
    ['tabular', 'batch'],
    'Weekly churn propensity for subscription customers.',
  ),
  spec(
    'recommendations',
    'cold-start-recommender',
    'recommendation',
    'sklearn',
    'ndcg_at_10',
    ['cold-start'],
    'Content-based recommendations for new users and new items.',
  ),
  spec(
    'recommendations',
    'price-elasticity',
    'regression',
    'statsmodels',
    'rmse',
    ['pricing'],
    'Estimates price elasticity per category for promotions.',
  ),
  spec(
    'recommendations',
    'notification-ranker',
    'ranking',
    'lightgbm',
    'ndcg_at_10',
    ['ranking'],
    'Chooses which push notifications to send and in what order.',
  ),
  spec(
    'search-ranking',
    'query-understanding',
    'classification',
    'transformers',
    'f1',
    ['nlp'],
    'Classifies search queries into intents and product categories.',
  ),
  spec(
    'search-ranking',
    'learning-to-rank',
    'ranking',
    'lightgbm',
    'ndcg_at_10',
    ['ranking', 'realtime'],
    'LambdaMART ranker over the top 500 lexical candidates.',
  ),
  spec(
    'search-ranking',
    'spelling-corrector',
    'seq2seq',
    'pytorch',
    'f1',
    ['nlp'],
    'Corrects misspelled queries before retrieval.',
  ),
  spec(
    'search-ranking',
    'semantic-retriever',
    'embedding',
    'sentence-transformers',
    'ndcg_at_10',
    ['embedding', 'nlp'],
    'Dense retrieval with a fine-tuned bi-encoder.',
  ),
  spec(
    'search-ranking',
    'autocomplete',
    'language-model',
    'pytorch',
    'f1',
    ['nlp', 'realtime'],
    'Suggests query completions as the user types.',
  ),
  spec(
    'search-ranking',
    'result-diversifier',
    'ranking',
    'sklearn',
    'ndcg_at_10',
    ['ranking'],
    'Re-ranks results to balance relevance and diversity.',
  ),
  spec(
    'search-ranking',
    'zero-results-rewriter',
    'seq2seq',
    'transformers',
    'f1',
    ['nlp'],
    'Rewrites queries that return nothing into ones that do.',
  ),
  spec(
    'platform',
    'demand-forecast',
    'forecasting',
    'prophet',
    'rmse',
    ['time-series'],
    'Daily demand forecast per warehouse for capacity planning.',
  ),
  spec(
    'platform',
    'gpu-utilisation-forecast',
    'forecasting',
    'statsmodels',
    'rmse',
    ['time-series', 'internal'],
    'Forecasts GPU cluster utilisation to plan reservations.',
  ),
  spec(
    'platform',
    'support-ticket-router',
    'classification',
    'transformers',
    'f1',
    ['nlp'],
    'Routes support tickets to the right queue.',
  ),
  spec(
    'platform',
    'pii-detector',
    'token-classification',
    'transformers',
    'f1',
    ['nlp', 'regulated'],
    'Finds personal data in free text before it reaches analytics.',
  ),
  spec(
    'platform',
    'image-moderation',
    'classification',
    'pytorch',
    'auc',
    ['vision'],
    'Screens user-uploaded images against the content policy.',
  ),
  spec(
    'platform',
    'invoice-extractor',
    'document-ai',
    'transformers',
    'f1',
    ['vision', 'nlp'],
    'Extracts fields from supplier invoices.',
  ),
  spec(
    'platform',
    'latency-anomaly-detector',
    'anomaly-detection',
    'sklearn',
    'f1',
    ['time-series', 'internal'],
    'Flags abnormal service latency from request metrics.',
  ),
];

export const DEMO_DATASETS_BY_TEAM: Record<string, { name: string; uri: string }[]> = {
  'fraud-detection': [
    { name: 'card-transactions', uri: 's3://cairn-demo-lake/fraud/card-transactions/' },
    { name: 'chargebacks', uri: 's3://cairn-demo-lake/fraud/chargebacks/' },
    { name: 'login-sessions', uri: 's3://cairn-demo-lake/fraud/login-sessions/' },
  ],
  recommendations: [
    { name: 'clickstream', uri: 's3://cairn-demo-lake/recs/clickstream/' },
    { name: 'orders', uri: 's3://cairn-demo-lake/recs/orders/' },
    { name: 'catalog-items', uri: 's3://cairn-demo-lake/recs/catalog-items/' },
  ],
  'search-ranking': [
    { name: 'query-logs', uri: 's3://cairn-demo-lake/search/query-logs/' },
    { name: 'relevance-judgements', uri: 's3://cairn-demo-lake/search/judgements/' },
  ],
  platform: [
    { name: 'warehouse-demand', uri: 's3://cairn-demo-lake/platform/warehouse-demand/' },
    { name: 'support-tickets', uri: 's3://cairn-demo-lake/platform/support-tickets/' },
    { name: 'service-metrics', uri: 's3://cairn-demo-lake/platform/service-metrics/' },
  ],
};

/** Small deterministic PRNG (mulberry32), so the catalog is the same on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
