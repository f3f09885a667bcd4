import { PreconditionFailedError } from '@cairn/errors';
import { Stage } from '../entities/stage';

/**
 * The promotion chain. Pure, so it is unit-tested without a database; who may move a version
 * into STAGING or PRODUCTION is the promotion request's business (`promotion/approval-rules`).
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
