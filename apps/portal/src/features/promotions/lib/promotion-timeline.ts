import type { PromotionDecision, PromotionRequest, StageMove } from '../graphql/promotion-fields';

export type TimelineEntry =
  | { kind: 'requested'; at: string; request: PromotionRequest }
  | { kind: 'decision'; at: string; request: PromotionRequest; decision: PromotionDecision }
  | { kind: 'closed'; at: string; request: PromotionRequest }
  | { kind: 'moved'; at: string; move: StageMove };

/** Within one instant, the cause before the effect: asked, decided, closed, then moved. */
const ORDER: Record<TimelineEntry['kind'], number> = { requested: 0, decision: 1, closed: 2, moved: 3 };

/**
 * A version's promotion story in time order: each request, every approval and rejection on it,
 * how it ended (approved, rejected, withdrawn, expired) and the stage moves, including those made
 * without a request (deprecation, archiving). Ties keep cause before effect.
 */
export function promotionTimeline(requests: PromotionRequest[], moves: StageMove[]): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  for (const request of requests) {
    entries.push({ kind: 'requested', at: request.requestedAt, request });
    for (const decision of request.decisions) {
      entries.push({ kind: 'decision', at: decision.occurredAt, request, decision });
    }
    if (request.status !== 'PENDING' && request.decidedAt) {
      entries.push({ kind: 'closed', at: request.decidedAt, request });
    }
  }
  for (const move of moves) entries.push({ kind: 'moved', at: move.occurredAt, move });
  return entries
    .map((entry, index) => ({ entry, index, time: Date.parse(entry.at) }))
    .sort((a, b) => a.time - b.time || ORDER[a.entry.kind] - ORDER[b.entry.kind] || a.index - b.index)
    .map(({ entry }) => entry);
}
