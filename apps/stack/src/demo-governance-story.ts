import { type OrgRole, type Principal, SCOPES } from '@cairn/identity';

/**
 * The parts of the demo's governance history that are not a straight approval: promotions sent
 * back with a reason, a request its author withdrew, and self-service team requests in each
 * state. They go through governance's API like everything else the seed writes, so the approval
 * history on model pages, the rejection rate and reasons on /insights and the Teams page show
 * real decisions. Which versions get which story is fixed by their position (not by the seed's
 * random sequence, which the rest of the catalog depends on).
 */
export type GovernanceCall = <T>(query: string, variables: object, principal?: Principal) => Promise<T>;

/** Why an approver sent a demo promotion back: the reasons /insights groups and counts. */
export const DEMO_REJECTION_REASONS = [
  'Holdout metric regressed against the production version; re-run with the fixed feature pipeline',
  'Model card is missing the out-of-scope uses; complete it before production',
  'Latency p99 in the load test is over the serving budget',
  'Holdout metric regressed against the production version; re-run with the fixed feature pipeline',
] as const;

export type DemoDetour = 'rejected' | 'withdrawn' | null;

/**
 * The detour a demo promotion takes before the request that is approved: about one production
 * promotion in three is first rejected, about one staging promotion in five first withdrawn.
 */
export function demoDetour(
  modelIndex: number,
  versionIndex: number,
  target: 'STAGING' | 'PRODUCTION',
): DemoDetour {
  const position = modelIndex * 7 + versionIndex;
  if (target === 'PRODUCTION' && position % 3 === 1) return 'rejected';
  if (target === 'STAGING' && position % 5 === 2) return 'withdrawn';
  return null;
}

/** Walks one detour: a request that ends rejected (by `approver`) or withdrawn by its author. */
export async function walkDemoDetour(
  call: GovernanceCall,
  detour: Exclude<DemoDetour, null>,
  versionId: string,
  target: 'STAGING' | 'PRODUCTION',
  approver: Principal,
  position: number,
): Promise<void> {
  const { requestPromotion } = await call<{ requestPromotion: { id: string } }>(
    'mutation($i: RequestPromotionInput!) { requestPromotion(input: $i) { id } }',
    {
      i: {
        modelVersionId: versionId,
        targetStage: target,
        justification: `Demo history: first try for ${target.toLowerCase()}`,
      },
    },
  );
  if (detour === 'withdrawn') {
    await call('mutation($id: ID!) { withdrawPromotion(id: $id) { status } }', { id: requestPromotion.id });
    return;
  }
  const reason = DEMO_REJECTION_REASONS[position % DEMO_REJECTION_REASONS.length]!;
  await call(
    'mutation($i: RejectPromotionInput!) { rejectPromotion(input: $i) { status } }',
    { i: { id: requestPromotion.id, reason } },
    approver,
  );
}

/** A dev IdP account as the gateway would forward it (see apps/dev-idp/src/accounts.ts). */
export const demoPerson = (
  sub: string,
  email: string,
  name: string,
  orgRoles: OrgRole[] = [],
): Principal => ({
  subject: sub,
  kind: 'user',
  email,
  name,
  orgRoles,
  memberships: [],
  scopes: [...SCOPES],
});

/**
 * Team requests as the Teams page and /insights show them: one waiting for a platform admin
 * (engineer@ asks for a team of their own) and one rejected with a reason. Approving one would
 * add a team without models to the demo catalog, so the approved path is left to the visitor.
 */
export async function seedDemoTeamRequests(call: GovernanceCall): Promise<void> {
  const engineer = demoPerson('user-engineer', 'engineer@demo.cairn', 'Eli Engineer');
  const admin = demoPerson('user-admin', 'admin@demo.cairn', 'Sam Admin', ['platform-admin']);
  const recommender = demoPerson('user-recommender', 'recommender@demo.cairn', 'Remy Recommender');
  const ask = 'mutation($i: RequestTeamInput!) { requestTeam(input: $i) { id } }';
  await call(
    ask,
    {
      i: {
        slug: 'payments-risk',
        name: 'Payments risk',
        justification: 'Chargeback and payment-fraud models move out of fraud-detection into their own team',
      },
    },
    engineer,
  );
  const { requestTeam } = await call<{ requestTeam: { id: string } }>(
    ask,
    {
      i: {
        slug: 'recs-experiments',
        name: 'Recommendation experiments',
        justification: 'A sandbox team for ranking experiments',
      },
    },
    recommender,
  );
  await call(
    'mutation($i: RejectTeamRequestInput!) { rejectTeamRequest(input: $i) { status } }',
    {
      i: {
        id: requestTeam.id,
        reason: 'Experiments belong in the recommendations team as PRIVATE models; no separate team needed',
      },
    },
    admin,
  );
}
