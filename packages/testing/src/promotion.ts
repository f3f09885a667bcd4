import { type Principal, SCOPES } from '@cairn/identity';
import { testPrincipals } from './principals';

/** Anything that runs a GraphQL operation as a principal: a test subgraph, or a gateway client. */
export interface ExecutesAs {
  execute<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    principal?: Principal,
  ): Promise<{
    data?: T | null;
    errors?: readonly { message: string; extensions?: Record<string, unknown> }[];
  }>;
}

const REQUEST = /* GraphQL */ `
  mutation($input: RequestPromotionInput!) {
    requestPromotion(input: $input) {
      id team status
      progress { policy { requiredApprovals requiredRoles namedApprovers } }
    }
  }`;
const APPROVE = /* GraphQL */ `
  mutation($input: ApprovePromotionInput!) { approvePromotion(input: $input) { id status } }`;
const GRANT_ROLE = /* GraphQL */ `
  mutation($input: ApprovalRoleGrantInput!) { grantApprovalRole(input: $input) { role } }`;

interface Requested {
  requestPromotion: {
    id: string;
    team: string;
    status: string;
    progress: {
      policy: { requiredApprovals: number; requiredRoles: string[]; namedApprovers: string[] | null };
    };
  };
}

/** An approver of `team` made up for a test, recorded as `subject` (it has no e-mail address). */
export function approverOf(team: string, subject: string): Principal {
  return {
    subject,
    kind: 'user',
    orgRoles: [],
    memberships: [{ team, role: 'viewer', approver: true }],
    scopes: [...SCOPES],
  };
}

/**
 * Moves a version into `target` the only way there is: a promotion request by `requester`,
 * approved by as many approvers of its team as the policy in force asks for (granting them the
 * approval roles it requires, as a platform admin would). Throws with the API's words when any
 * step is refused; answers the request's id.
 */
export async function promoteVersion(
  api: ExecutesAs,
  modelVersionId: string,
  target: 'STAGING' | 'PRODUCTION',
  requester: Principal = testPrincipals.engineer,
): Promise<string> {
  const requested = await api.execute<Requested>(
    REQUEST,
    { input: { modelVersionId, targetStage: target, justification: `promote to ${target} for a test` } },
    requester,
  );
  if (requested.errors || !requested.data) {
    throw new Error(`requestPromotion refused: ${JSON.stringify(requested.errors)}`);
  }
  const { id, team, progress } = requested.data.requestPromotion;
  const { requiredApprovals, requiredRoles, namedApprovers } = progress.policy;
  const subjects =
    namedApprovers ?? Array.from({ length: requiredApprovals }, (_, i) => `test-approver-${team}-${i + 1}`);
  const approvers = subjects.slice(0, requiredApprovals).map((subject) => approverOf(team, subject));
  for (const [i, role] of requiredRoles.entries()) {
    const holder = approvers[i % approvers.length]!;
    const granted = await api.execute(
      GRANT_ROLE,
      { input: { role, subject: holder.subject } },
      testPrincipals.admin,
    );
    if (granted.errors) throw new Error(`grantApprovalRole refused: ${JSON.stringify(granted.errors)}`);
  }
  let status = 'PENDING';
  for (const approver of approvers) {
    const approved = await api.execute<{ approvePromotion: { status: string } }>(
      APPROVE,
      { input: { id, comment: null } },
      approver,
    );
    if (approved.errors || !approved.data) {
      throw new Error(`approvePromotion refused: ${JSON.stringify(approved.errors)}`);
    }
    status = approved.data.approvePromotion.status;
  }
  if (status !== 'APPROVED') throw new Error(`the request is ${status} after every approval`);
  return id;
}
