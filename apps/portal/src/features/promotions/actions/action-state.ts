/** What a promotion form shows after its server action: a refusal to read, or nothing yet. */
export type ActionState = { error: string } | null;

/** Query-string flags the actions redirect with, so the page says what just happened. */
export const DONE_NOTICES = {
  approved: 'Your approval was recorded.',
  rejected: 'You rejected the request; the requester sees your reason.',
  requested: 'Promotion requested. The approvers of the team see it in their inbox.',
  withdrawn: 'The request was withdrawn.',
  guardrails: 'The guardrails ran again; their results are under Evidence.',
  tier: 'The risk tier was changed; new requests follow its approval policy.',
  'tier-requested': 'Lowering the risk tier waits for an approver of the team; the tier stays until then.',
  'tier-approved': 'You approved the lower risk tier; new requests follow its approval policy.',
  'tier-rejected': 'You rejected lowering the risk tier; the maintainer sees your reason.',
  'rolled-back': 'PRODUCTION was rolled back; the decision is recorded, signed and announced.',
  'rollback-requested':
    'The policy asks approval for a rollback: the approvers of the team see this request.',
} as const;

export type DoneNotice = keyof typeof DONE_NOTICES;

/** The notice for a `?done=` value, or null for anything else. */
export function doneNotice(value: string | string[] | undefined): string | null {
  return typeof value === 'string' && value in DONE_NOTICES ? DONE_NOTICES[value as DoneNotice] : null;
}
