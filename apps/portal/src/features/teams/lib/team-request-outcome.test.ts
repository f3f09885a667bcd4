import { describe, expect, it } from 'vitest';
import { teamRequestOutcome } from './team-request-outcome';

describe('teamRequestOutcome', () => {
  it('says who decided, and why for a rejection', () => {
    expect(teamRequestOutcome({ status: 'OPEN', decidedBy: null, reason: null })).toBe(
      'Waiting for a platform admin',
    );
    expect(teamRequestOutcome({ status: 'APPROVED', decidedBy: 'root@demo.cairn', reason: null })).toBe(
      'Approved by root@demo.cairn: the team is yours to maintain',
    );
    expect(
      teamRequestOutcome({ status: 'REJECTED', decidedBy: 'root@demo.cairn', reason: 'Use ml-platform' }),
    ).toBe('Rejected by root@demo.cairn: “Use ml-platform”');
  });
});
