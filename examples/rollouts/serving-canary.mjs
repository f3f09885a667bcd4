// A stand-in for a serving system's canary controller (KServe, Seldon, SageMaker, Argo Rollouts…),
// using nothing but Cairn's public GraphQL API over HTTP with a bearer token. It starts a rollout
// of a PRODUCTION version, then loops: poll rollout(id) for the traffic share, "serve" one window
// at that share (synthetic numbers here; a real controller reads them from Prometheus or its
// own counters), report it, and act on the decision, until Cairn completes or rolls back.

/** Environment: CAIRN_API_URL (the gateway, e.g. http://127.0.0.1:4000), CAIRN_TOKEN, CAIRN_SERVING_TOKEN. */
export function settings() {
  const { CAIRN_API_URL: apiUrl, CAIRN_TOKEN: token, CAIRN_SERVING_TOKEN: servingToken } = process.env;
  const versionId = process.argv[2];
  if (!apiUrl || !token || !versionId) {
    console.error(
      'usage: CAIRN_API_URL=… CAIRN_TOKEN=… [CAIRN_SERVING_TOKEN=…] node <script> <modelVersionId>',
    );
    process.exit(2);
  }
  return {
    url: `${apiUrl.replace(/\/+$/, '').replace(/\/graphql$/, '')}/graphql`,
    // The team member who starts the rollout (contributor, promote scope)…
    token,
    // …and the serving system's own token (read + serving:report), if it has one.
    servingToken: servingToken || token,
    versionId,
  };
}

async function graphql(url, token, query, variables) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json();
  if (body.errors?.length) {
    const [first] = body.errors;
    throw new Error(`${first.extensions?.code ?? response.status}: ${first.message}`);
  }
  return body.data;
}

const START = `mutation($input: StartRolloutInput!) {
  startRollout(input: $input) { id status trafficPercent strategy { steps windowMinutes } }
}`;
const POLL = `query($id: ID!) { rollout(id: $id) { id status trafficPercent endReason } }`;
const REPORT = `mutation($input: ReportServingMetricsInput!) {
  reportServingMetrics(input: $input) {
    decision
    window { verdict findings }
    rollout { status trafficPercent endReason rollbackRequestId }
  }
}`;

/**
 * Drives one canary. `errorRate(traffic)` says how often the candidate fails at a traffic share;
 * the baseline fails 0.5 % of the time. Answers the rollout as it ended.
 */
export async function driveCanary({ url, token, servingToken, versionId }, errorRate) {
  const windowMinutes = 1;
  const { startRollout } = await graphql(url, token, START, {
    input: {
      modelVersionId: versionId,
      strategy: {
        steps: [5, 25, 50, 100],
        windowMinutes,
        rules: { maxErrorRateRatio: 1.2, maxLatencyP99Ms: 300, minRequests: 200 },
      },
    },
  });
  console.log(`rollout ${startRollout.id}: steps ${startRollout.strategy.steps.join(' → ')} %`);
  // Windows of the strategy's length, one after another, the last ending now: replayed history,
  // so the example does not have to wait a real minute per step.
  const steps = startRollout.strategy.steps.length;
  let windowStart = Date.now() - steps * windowMinutes * 60_000;
  const totalRequests = 20_000;
  for (;;) {
    const { rollout } = await graphql(url, servingToken, POLL, { id: startRollout.id });
    if (rollout.status !== 'IN_PROGRESS') return rollout;
    const share = rollout.trafficPercent / 100;
    const candidateRequests = Math.round(totalRequests * share);
    const baselineRequests = totalRequests - candidateRequests;
    const window = {
      start: new Date(windowStart).toISOString(),
      end: new Date(windowStart + windowMinutes * 60_000).toISOString(),
    };
    windowStart += windowMinutes * 60_000;
    const { reportServingMetrics: report } = await graphql(url, servingToken, REPORT, {
      input: {
        rolloutId: rollout.id,
        window,
        candidate: {
          requests: candidateRequests,
          errors: Math.round(candidateRequests * errorRate(rollout.trafficPercent)),
          latencyP99Ms: 180,
        },
        baseline: {
          requests: baselineRequests,
          errors: Math.round(baselineRequests * 0.005),
          latencyP99Ms: 175,
        },
      },
    });
    const findings = report.window.findings.length > 0 ? ` (${report.window.findings.join('; ')})` : '';
    console.log(
      `${rollout.trafficPercent} % window: ${report.window.verdict}${findings} → ${report.decision ?? 'no decision'}, now ${report.rollout.status} at ${report.rollout.trafficPercent} %`,
    );
  }
}
