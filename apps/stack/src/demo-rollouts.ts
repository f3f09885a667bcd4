/** Calls governance as the demo pipeline (the seed's client). */
export type GovernanceCall = <T>(query: string, variables: object) => Promise<T>;

const START = `mutation($i: StartRolloutInput!) { startRollout(input: $i) { id } }`;
const REPORT = `mutation($i: ReportServingMetricsInput!) {
  reportServingMetrics(input: $i) { rollout { status trafficPercent } }
}`;

const MINUTE = 60_000;

/** A window of `minutes` that ended `endedMinutesAgo` ago: reported windows must have ended. */
function windowEnding(endedMinutesAgo: number, minutes: number) {
  const end = new Date(Date.now() - endedMinutesAgo * MINUTE);
  return { start: new Date(end.getTime() - minutes * MINUTE).toISOString(), end: end.toISOString() };
}

/**
 * Two canaries on demo models whose PRODUCTION version replaced an earlier one, reported by a
 * serving system as it would: one advancing (two healthy windows, now at 50 %), and one whose
 * error rate tripled in its first window, so Cairn rolled PRODUCTION back on its own.
 */
export async function seedDemoRollouts(call: GovernanceCall, productionVersionIds: readonly string[]) {
  const [advancing, failing] = productionVersionIds;
  const strategy = {
    steps: [5, 25, 50, 100],
    windowMinutes: 10,
    rules: { maxErrorRateRatio: 1.2, minRequests: 100 },
  };
  if (advancing) {
    const { startRollout } = await call<{ startRollout: { id: string } }>(START, {
      i: { modelVersionId: advancing, strategy },
    });
    for (const [endedMinutesAgo, requests] of [
      [25, 1_200],
      [12, 5_400],
    ] as const) {
      await call(REPORT, {
        i: {
          rolloutId: startRollout.id,
          window: windowEnding(endedMinutesAgo, 10),
          candidate: { requests, errors: Math.round(requests * 0.004), latencyP99Ms: 41 },
          baseline: { requests: requests * 4, errors: Math.round(requests * 4 * 0.005), latencyP99Ms: 44 },
        },
      });
    }
  }
  if (failing) {
    const { startRollout } = await call<{ startRollout: { id: string } }>(START, {
      i: { modelVersionId: failing, strategy },
    });
    await call(REPORT, {
      i: {
        rolloutId: startRollout.id,
        window: windowEnding(3, 10),
        candidate: { requests: 900, errors: 27, latencyP99Ms: 63 },
        baseline: { requests: 17_100, errors: 171, latencyP99Ms: 45 },
      },
    });
  }
}
