import { PreconditionFailedError } from '@cairn/errors';
import { describe, expect, it } from 'vitest';
import { Stage } from '../entities/stage';
import { assertTransitionAllowed, nextStage, STAGE_CHAIN } from './stage-rules';

const ALL = Object.values(Stage);

function problem(from: Stage, to: Stage): PreconditionFailedError | null {
  try {
    assertTransitionAllowed(from, to);
    return null;
  } catch (error) {
    if (error instanceof PreconditionFailedError) return error;
    throw error;
  }
}

describe('stage rules', () => {
  it('chains every stage exactly once, DEVELOPMENT first and ARCHIVED last', () => {
    expect(STAGE_CHAIN).toEqual([
      Stage.DEVELOPMENT,
      Stage.STAGING,
      Stage.PRODUCTION,
      Stage.DEPRECATED,
      Stage.ARCHIVED,
    ]);
    expect(new Set(STAGE_CHAIN)).toEqual(new Set(ALL));
  });

  it.each([
    [Stage.DEVELOPMENT, Stage.STAGING],
    [Stage.STAGING, Stage.PRODUCTION],
    [Stage.PRODUCTION, Stage.DEPRECATED],
    [Stage.DEPRECATED, Stage.ARCHIVED],
  ])('allows %s → %s', (from, to) => {
    expect(nextStage(from)).toBe(to);
    expect(problem(from, to)).toBeNull();
  });

  it('allows exactly four of the 25 possible moves', () => {
    const allowed = ALL.flatMap((from) =>
      ALL.filter((to) => problem(from, to) === null).map((to) => [from, to]),
    );
    expect(allowed).toHaveLength(4);
  });

  it('rejects skipping a step, naming the current and the allowed next stage', () => {
    const error = problem(Stage.DEVELOPMENT, Stage.PRODUCTION);
    expect(error?.code).toBe('FAILED_PRECONDITION');
    expect(error?.message).toContain('DEVELOPMENT');
    expect(error?.message).toContain('STAGING');
    expect(error?.details).toEqual({
      currentStage: Stage.DEVELOPMENT,
      requestedStage: Stage.PRODUCTION,
      allowedNextStage: Stage.STAGING,
    });
  });

  it('rejects going backwards and staying put', () => {
    expect(problem(Stage.PRODUCTION, Stage.STAGING)?.message).toMatch(/PRODUCTION.*DEPRECATED/);
    expect(problem(Stage.STAGING, Stage.STAGING)?.message).toMatch(/already STAGING.*PRODUCTION/);
  });

  it('treats ARCHIVED as final', () => {
    expect(nextStage(Stage.ARCHIVED)).toBeNull();
    for (const to of ALL) {
      const error = problem(Stage.ARCHIVED, to);
      expect(error?.message).toMatch(/ARCHIVED, which is final/);
      expect(error?.details.allowedNextStage).toBeNull();
    }
  });
});
