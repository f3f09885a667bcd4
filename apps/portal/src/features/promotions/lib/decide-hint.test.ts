import { describe, expect, it } from 'vitest';
import { decideHint } from './decide-hint';

const open = {
  status: 'PENDING' as const,
  team: 'fraud-detection',
  requestedBy: 'eng@x',
  decisions: [],
  decidedBy: null,
  decisionReason: null,
};
const approver = { name: 'app@x', approvesForTeam: true };

describe('decideHint', () => {
  it('offers the buttons to an eligible approver of an open request', () => {
    expect(decideHint(open, 'ci@x', approver)).toBeNull();
  });

  it('says why everyone else gets no buttons', () => {
    expect(decideHint(open, 'ci@x', { name: 'eng@x', approvesForTeam: false })).toBe(
      'Only approvers of team fraud-detection decide this request.',
    );
    expect(decideHint(open, 'ci@x', { name: 'eng@x', approvesForTeam: true })).toMatch(/You asked for this/);
    expect(decideHint(open, 'app@x', approver)).toMatch(/You registered this version/);
    const decided = {
      ...open,
      decisions: [
        {
          approver: 'app@x',
          decision: 'APPROVE' as const,
          comment: null,
          manifestDigest: null,
          approvalRoles: [],
          occurredAt: '2026-01-01T00:00:00Z',
        },
      ],
    };
    expect(decideHint(decided, 'ci@x', approver)).toMatch(/already decided/);
    expect(
      decideHint(
        { ...open, status: 'REJECTED', decidedBy: 'app@x', decisionReason: 'no eval.' },
        'ci@x',
        approver,
      ),
    ).toBe('This request is rejected by app@x: no eval.');
  });
});
