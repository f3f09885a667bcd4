#!/usr/bin/env node
// Reports a drifted production window for a model version through Cairn's public GraphQL API,
// as a serving system would, and prints the verdict: PSI/KS per feature and the alarm it raised.
//
// Usage: CAIRN_API_URL=http://localhost:4000/graphql CAIRN_TOKEN=<token> \
//          node examples/report-drift.mjs <team/model@version | version id> [--register-references]
//
// The token is an API token with READ and SERVING_REPORT of an account with the contributor
// role in the model's team (or a contributor's token with WRITE). The window reported is the
// last full hour, binned like the version's references, with half the mass moved one bin up
// (numeric) or half the category counts reversed (categorical). A version without references
// gets a demo set (amount, merchant_category, fraud_score) with --register-references (WRITE).
// Needs Node 20 (global fetch); nothing else.

// A client of the API, not a Cairn service: it reads the CLI's own variables.
const { CAIRN_API_URL: apiUrl, CAIRN_TOKEN: token } = process.env;
const [target, ...flags] = process.argv.slice(2);
if (!apiUrl || !token || !target) {
  console.error(
    'usage: CAIRN_API_URL=… CAIRN_TOKEN=… node examples/report-drift.mjs <team/model@version | id> [--register-references]',
  );
  process.exit(2);
}

async function graphql(query, variables = {}) {
  const response = await fetch(apiUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json().catch(() => null);
  if (!body || body.errors?.length) {
    const error = body?.errors?.[0];
    throw new Error(
      error ? `${error.extensions?.code ?? 'ERROR'}: ${error.message}` : `HTTP ${response.status}`,
    );
  }
  return body.data;
}

/** Walks a connection page by page until `pick` finds something; null when nothing matched. */
async function findInPages(fetchPage, pick) {
  let after = null;
  do {
    const page = await fetchPage(after);
    const found = page.edges.map((e) => e.node).find(pick);
    if (found) return found;
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after);
  return null;
}

/** A version id from `team/model@3`, or the id as given. */
async function versionId(ref) {
  const match = /^([^/@\s]+)\/([^/@\s]+)@(\d+)$/.exec(ref);
  if (!match) return ref;
  const [, team, name, number] = match;
  const model = await findInPages(
    async (after) =>
      (
        await graphql(
          `query($team: String!, $after: String) {
            models(team: $team, first: 100, after: $after) {
              edges { node { id name } } pageInfo { hasNextPage endCursor }
            }
          }`,
          { team, after },
        )
      ).models,
    (m) => m.name === name,
  );
  if (!model) throw new Error(`no model ${team}/${name} that this token may see`);
  const version = await findInPages(
    async (after) =>
      (
        await graphql(
          `query($id: ID!, $after: String) {
            model(id: $id) {
              versions(first: 100, after: $after) {
                edges { node { id version } } pageInfo { hasNextPage endCursor }
              }
            }
          }`,
          { id: model.id, after },
        )
      ).model.versions,
    (v) => v.version === Number(number),
  );
  if (!version) throw new Error(`${team}/${name} has no version ${number}`);
  return version.id;
}

const DISTRIBUTIONS = `query($id: ID!) {
  modelVersion(id: $id) { version driftDistributions { feature binEdges labels referenceCounts } }
}`;

const DEMO_REFERENCES = [
  {
    feature: 'amount',
    binEdges: [0, 10, 50, 100, 500, 1000, 5000],
    counts: [3200, 2800, 1500, 1600, 600, 300],
  },
  {
    feature: 'merchant_category',
    categories: ['grocery', 'travel', 'electronics', 'gaming', 'fuel'],
    counts: [4000, 1500, 2000, 800, 1700],
  },
  {
    feature: 'fraud_score',
    role: 'PREDICTION',
    binEdges: [0, 0.2, 0.4, 0.6, 0.8, 1],
    counts: [8200, 1000, 450, 250, 100],
  },
];

/** A window of 1,000 rows unlike the reference: half of the numeric mass one bin up, or half the category counts reversed. */
function driftedHistogram(d) {
  const total = d.referenceCounts.reduce((sum, c) => sum + c, 0) || 1;
  const shares = d.referenceCounts.map((c) => c / total);
  const shifted = d.labels
    ? [...shares].reverse()
    : shares.map((_, i) => (i === 0 ? 0 : shares[i - 1]) + (i === shares.length - 1 ? shares[i] : 0));
  // Half the rows as before, half shifted: drifted clearly, not absurdly.
  const moved = shares.map((s, i) => (s + shifted[i]) / 2);
  const counts = moved.map((s) => Math.round(s * 1000));
  return d.labels
    ? { feature: d.feature, categories: d.labels, counts }
    : { feature: d.feature, binEdges: d.binEdges, counts };
}

async function main() {
  const id = await versionId(target);
  let { modelVersion } = await graphql(DISTRIBUTIONS, { id });
  if (modelVersion.driftDistributions.length === 0) {
    if (!flags.includes('--register-references')) {
      console.error(
        `version ${modelVersion.version} has no reference distributions; pass --register-references`,
      );
      process.exitCode = 1;
      return;
    }
    await graphql(
      `mutation($id: ID!, $f: [ReferenceHistogramInput!]!) {
      registerReferenceDistributions(modelVersionId: $id, source: TRAINING, features: $f) { feature }
    }`,
      { id, f: DEMO_REFERENCES },
    );
    console.log(`registered demo references for version ${modelVersion.version}`);
    ({ modelVersion } = await graphql(DISTRIBUTIONS, { id }));
  }

  const hour = 3_600_000;
  const end = new Date(Math.floor(Date.now() / hour) * hour);
  const start = new Date(end.getTime() - hour);
  const { reportProductionWindow: report } = await graphql(
    `mutation($id: ID!, $s: DateTimeISO!, $e: DateTimeISO!, $f: [HistogramInput!]!) {
    reportProductionWindow(modelVersionId: $id, window: { start: $s, end: $e }, features: $f) {
      windowId drifted features { feature psi ks drifted } openAlarm { id raisedAt }
    }
  }`,
    {
      id,
      s: start.toISOString(),
      e: end.toISOString(),
      f: modelVersion.driftDistributions.map(driftedHistogram),
    },
  );

  console.log(
    `window ${start.toISOString()} – ${end.toISOString()}: ${report.drifted ? 'DRIFTED' : 'healthy'}`,
  );
  for (const f of report.features) {
    const ks = f.ks === null ? '   –  ' : f.ks.toFixed(3);
    console.log(`  ${f.feature.padEnd(24)} PSI ${f.psi.toFixed(3)}  KS ${ks}  ${f.drifted ? 'drifted' : ''}`);
  }
  console.log(
    report.openAlarm
      ? `open alarm ${report.openAlarm.id} (raised ${report.openAlarm.raisedAt})`
      : 'no alarm open',
  );
}

main().catch((error) => {
  console.error(`report-drift: ${error.message}`);
  process.exit(1);
});
