import { PreconditionFailedError } from '@cairn/errors';
import { Stage } from '../entities/stage';

/**
 * The promotion chain and who may move along it. Pure, so approvals (a later issue) can add
 * their conditions here and be unit-tested without a database.
 */
export const STAGE_CHAIN: readonly Stage[] = [
  Stage.DEVELOPMENT,
  Stage.STAGING,
  Stage.PRODUCTION,
  Stage.DEPRECATED,
  Stage.ARCHIVED,
];

export const INITIAL_STAGE = Stage.DEVELOPMENT;

/** The only stage a version in `stage` may move to, or null when `stage` is final. */
export function nextStage(stage: Stage): Stage | null {
  return STAGE_CHAIN[STAGE_CHAIN.indexOf(stage) + 1] ?? null;
}

/** Throws FAILED_PRECONDITION, naming the current and the allowed next stage, unless one step forward. */
export function assertTransitionAllowed(from: Stage, to: Stage): void {
  const allowed = nextStage(from);
  if (allowed === to) return;
  const details = { currentStage: from, requestedStage: to, allowedNextStage: allowed };
  if (allowed === null) {
    throw new PreconditionFailedError(
      `The model version is ${from}, which is final: it cannot move to ${to}`,
      details,
    );
  }
  const why = from === to ? `it is already ${from}` : `it is ${from}`;
  throw new PreconditionFailedError(
    `Cannot move the model version to ${to}: ${why}, and the only allowed next stage is ${allowed}`,
    details,
  );
}

/** Promotion to production is the approvers' call; every other move is the contributors'. */
export function roleRequiredFor(to: Stage): 'approver' | 'contributor' {
  return to === Stage.PRODUCTION ? 'approver' : 'contributor';
}

/**
 * Nobody approves their own work: whoever registered the version, or moved it to STAGING, may
 * not also take it to PRODUCTION, whatever roles they hold. Returns why not, or null.
 */
export function selfApprovalProblem(
  actor: string,
  to: Stage,
  version: { createdBy: string | null; stagedBy: string | null },
): string | null {
  if (to !== Stage.PRODUCTION) return null;
  if (version.createdBy === actor) return 'you registered this version: another approver must promote it';
  if (version.stagedBy === actor)
    return 'you moved this version to STAGING: another approver must promote it';
  return null;
}
