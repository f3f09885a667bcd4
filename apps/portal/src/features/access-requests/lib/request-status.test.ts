import { describe, expect, it } from 'vitest';
import { describeStatus, maintainedTeams } from './request-status';

describe('access request status', () => {
  it('names who answered a granted or denied request', () => {
    expect(describeStatus({ status: 'GRANTED', decidedBy: 'mia@demo.cairn' })).toBe(
      'Granted by mia@demo.cairn',
    );
    expect(describeStatus({ status: 'DENIED', decidedBy: null })).toBe('Denied');
    expect(describeStatus({ status: 'OPEN', decidedBy: null })).toBe('Waiting for a maintainer');
    expect(describeStatus({ status: 'WITHDRAWN', decidedBy: 'nico' })).toBe('Withdrawn');
  });

  it('finds the teams the caller maintains', () => {
    expect(
      maintainedTeams({
        memberships: [
          { team: 'fraud-detection', role: 'MAINTAINER' },
          { team: 'recommendations', role: 'viewer' },
        ],
      }),
    ).toEqual(['fraud-detection']);
    expect(maintainedTeams(null)).toEqual([]);
  });
});
