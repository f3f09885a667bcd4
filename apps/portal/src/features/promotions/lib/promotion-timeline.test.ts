import { describe, expect, it } from 'vitest';
import type { PromotionRequest, StageMove } from '../graphql/promotion-fields';
import { promotionTimeline } from './promotion-timeline';

const request = (over: Partial<PromotionRequest>): PromotionRequest => ({
  id: 'r1',
  modelVersionId: 'v1',
  modelId: 'm1',
  team: 'fraud-detection',
  targetStage: 'STAGING',
  justification: 'ready',
  requestedBy: 'eng@x',
  requestedAt: '2026-01-01T10:00:00Z',
  expiresAt: '2026-01-08T10:00:00Z',
  manifestDigest: null,
  riskTierAtRequest: 'MEDIUM',
  status: 'PENDING',
  decidedAt: null,
  decidedBy: null,
  decisionReason: null,
  decisions: [],
  progress: {
    met: false,
    countedApprovers: [],
    staleApprovers: [],
    missingRoles: [],
    remaining: 1,
    summary: '',
    policy: {
      version: 1,
      riskTier: 'MEDIUM',
      targetStage: 'STAGING',
      requiredApprovals: 1,
      requiredRoles: [],
      namedApprovers: null,
    },
  },
  ...over,
});

const decision = (approver: string, at: string, kind: 'APPROVE' | 'REJECT' = 'APPROVE') => ({
  approver,
  decision: kind,
  comment: null,
  manifestDigest: null,
  approvalRoles: [],
  occurredAt: at,
});

const move = (from: StageMove['from'], to: StageMove['to'], at: string): StageMove => ({
  from,
  to,
  reason: null,
  actor: 'a@x',
  occurredAt: at,
});

describe('promotionTimeline', () => {
  it('merges requests, decisions, outcomes and stage moves in time order, cause before effect', () => {
    const approved = request({
      id: 'r1',
      status: 'APPROVED',
      decidedAt: '2026-01-02T09:00:00Z',
      decisions: [decision('app@x', '2026-01-02T09:00:00Z')],
    });
    const rejected = request({
      id: 'r0',
      requestedAt: '2025-12-30T10:00:00Z',
      status: 'REJECTED',
      decidedAt: '2025-12-31T10:00:00Z',
      decisions: [decision('app@x', '2025-12-31T10:00:00Z', 'REJECT')],
    });
    const entries = promotionTimeline(
      [approved, rejected],
      [
        move('DEVELOPMENT', 'STAGING', '2026-01-02T09:00:00Z'),
        move('STAGING', 'DEPRECATED', '2026-02-01T00:00:00Z'),
      ],
    );
    expect(entries.map((e) => `${e.kind}${'request' in e ? `:${e.request.id}` : ''}`)).toEqual([
      'requested:r0',
      'decision:r0',
      'closed:r0',
      'requested:r1',
      'decision:r1',
      'closed:r1',
      'moved',
      'moved',
    ]);
  });

  it('leaves a pending request open and shows a withdrawn one closed without decisions', () => {
    const entries = promotionTimeline(
      [
        request({ id: 'open', requestedAt: '2026-01-05T00:00:00Z' }),
        request({ id: 'gone', status: 'WITHDRAWN', decidedAt: '2026-01-03T00:00:00Z' }),
      ],
      [],
    );
    expect(entries.map((e) => `${e.kind}:${'request' in e ? e.request.id : ''}`)).toEqual([
      'requested:gone',
      'closed:gone',
      'requested:open',
    ]);
  });
});
