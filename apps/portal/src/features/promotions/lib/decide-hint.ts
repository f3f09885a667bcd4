import type { PromotionRequest } from '../graphql/promotion-fields';

/**
 * Why the caller will not see the Approve and Reject buttons, or null when they may try. It
 * mirrors governance's rules (open requests only; approvers of the team; never the requester,
 * whoever registered the version, or someone who already decided) so nobody is offered a
 * button that is bound to fail; governance still decides, and its refusal is shown if it does.
 */
export function decideHint(
  request: Pick<
    PromotionRequest,
    'status' | 'team' | 'requestedBy' | 'decisions' | 'decidedBy' | 'decisionReason'
  >,
  versionCreatedBy: string,
  caller: { name: string | null; approvesForTeam: boolean },
): string | null {
  if (request.status !== 'PENDING') {
    const by = request.decidedBy ? ` by ${request.decidedBy}` : '';
    const why = request.decisionReason ? `: ${request.decisionReason.replace(/[.!?]+$/, '')}` : '';
    return `This request is ${request.status.toLowerCase()}${by}${why}.`;
  }
  if (!caller.approvesForTeam) return `Only approvers of team ${request.team} decide this request.`;
  if (caller.name === request.requestedBy) return 'You asked for this promotion: another approver decides.';
  if (caller.name === versionCreatedBy) return 'You registered this version: another approver decides.';
  if (request.decisions.some((d) => d.approver === caller.name)) {
    return 'You have already decided this request; it waits for other approvers.';
  }
  return null;
}
