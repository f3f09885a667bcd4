import { PreconditionFailedError } from '@cairn/errors';
import type { Role } from '@cairn/identity';
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

/** Promotion to production is the approvers' call; every other move is engineering work. */
export function roleRequiredFor(to: Stage): Role {
  return to === Stage.PRODUCTION ? 'approver' : 'engineer';
}
