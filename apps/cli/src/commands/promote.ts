import { operations } from '@cairn/sdk';
import { clientFromConfig } from '../config';
import { cliError } from '../exit-codes';
import type { Output } from '../output';
import { parseModelRef, parseVersionRef } from '../refs';

type Request = operations.PromotionRequestSummaryFragment;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A request in a few lines: where it stands, what it still needs, why guardrails fail. */
export function describeRequest(request: Request): string {
  const lines = [
    `${request.id}: version ${request.modelVersion.version} of team ${request.team} → ${request.targetStage}, ${request.status}`,
    `  asked by ${request.requestedBy} at ${request.requestedAt}: ${request.justification}`,
  ];
  if (request.status === 'PENDING') {
    lines.push(
      `  ${request.progress.summary} (${request.progress.policy.riskTier} policy v${request.progress.policy.version})`,
    );
    lines.push(`  expires at ${request.expiresAt}`);
  } else if (request.decisionReason) {
    lines.push(`  ${request.status.toLowerCase()} by ${request.decidedBy}: ${request.decisionReason}`);
  }
  const guardrails = request.guardrails;
  if (guardrails) {
    lines.push(
      `  guardrails ${guardrails.passed ? 'pass' : 'FAIL'} (bundle ${guardrails.bundleVersion.slice(0, 19)}…)`,
    );
    for (const result of guardrails.results.filter((r) => !r.passed)) {
      lines.push(`    ✗ ${result.check}: ${result.explanation}`);
    }
  }
  for (const decision of request.decisions) {
    lines.push(
      `  ${decision.decision.toLowerCase()}d by ${decision.approver}${decision.comment ? `: ${decision.comment}` : ''}`,
    );
  }
  return lines.join('\n');
}

function requestId(text: string): string {
  if (!UUID.test(text)) throw cliError('USAGE', `"${text}" is not a promotion request id`);
  return text;
}

/** `cairn promote request team/model@3 --to PRODUCTION --justification …`. */
export async function promoteRequest(
  refText: string,
  options: { to: string; justification: string },
  out: Output,
) {
  const ref = parseModelRef(refText, { version: 'required' });
  const client = await clientFromConfig();
  const model = await client.findModel(ref.team, ref.name);
  const version = await client.resolveVersion(model.id, ref.version!);
  const targetStage = options.to.toUpperCase();
  if (targetStage !== 'STAGING' && targetStage !== 'PRODUCTION') {
    throw cliError('USAGE', '--to must be STAGING or PRODUCTION');
  }
  const { requestPromotion } = await client.execute(operations.RequestPromotionDocument, {
    input: {
      modelVersionId: version.id,
      targetStage: targetStage as operations.PromotionTarget,
      justification: options.justification,
    },
  });
  out.result(requestPromotion, () => describeRequest(requestPromotion));
}

/** `cairn promote rollback team/model --reason … [--to 3]`: PRODUCTION back to an earlier approved version. */
export async function promoteRollback(
  refText: string,
  options: { reason: string; to?: string },
  out: Output,
) {
  const ref = parseModelRef(refText, { version: 'forbidden' });
  const client = await clientFromConfig();
  const model = await client.findModel(ref.team, ref.name);
  const target = options.to ? await client.resolveVersion(model.id, parseVersionRef(options.to)) : undefined;
  const { rollbackProduction } = await client.execute(operations.RollbackProductionDocument, {
    input: { modelId: model.id, toVersionId: target?.id, reason: options.reason },
  });
  out.result(rollbackProduction, () =>
    rollbackProduction.status === 'APPROVED'
      ? `${refText}: version ${rollbackProduction.modelVersion.version} is in PRODUCTION again\n${describeRequest(rollbackProduction)}`
      : `${refText}: the rollback waits for approval\n${describeRequest(rollbackProduction)}`,
  );
}

/** `cairn promote approve <id> [--comment …]`. */
export async function promoteApprove(id: string, comment: string | undefined, out: Output) {
  const client = await clientFromConfig();
  const { approvePromotion } = await client.execute(operations.ApprovePromotionDocument, {
    input: { id: requestId(id), comment },
  });
  out.result(approvePromotion, () => describeRequest(approvePromotion));
}

/** `cairn promote reject <id> --reason …`. */
export async function promoteReject(id: string, reason: string, out: Output) {
  const client = await clientFromConfig();
  const { rejectPromotion } = await client.execute(operations.RejectPromotionDocument, {
    input: { id: requestId(id), reason },
  });
  out.result(rejectPromotion, () => describeRequest(rejectPromotion));
}

/** `cairn promote withdraw <id>`. */
export async function promoteWithdraw(id: string, out: Output) {
  const client = await clientFromConfig();
  const { withdrawPromotion } = await client.execute(operations.WithdrawPromotionDocument, {
    id: requestId(id),
  });
  out.result(withdrawPromotion, () => describeRequest(withdrawPromotion));
}

/** `cairn promote guardrails <id>`: runs them again. */
export async function promoteGuardrails(id: string, out: Output) {
  const client = await clientFromConfig();
  const { rerunGuardrails } = await client.execute(operations.RerunGuardrailsDocument, { id: requestId(id) });
  out.result(rerunGuardrails, () => describeRequest(rerunGuardrails));
}

/** `cairn promote status <request-id | team/model@3>`. */
export async function promoteStatus(target: string, out: Output) {
  const client = await clientFromConfig();
  if (UUID.test(target)) {
    const { promotionRequest } = await client.execute(operations.PromotionRequestDocument, { id: target });
    out.result(promotionRequest, () => describeRequest(promotionRequest));
    return;
  }
  const ref = parseModelRef(target, { version: 'required' });
  const model = await client.findModel(ref.team, ref.name);
  const version = await client.resolveVersion(model.id, ref.version!);
  const { modelVersion } = await client.execute(operations.VersionPromotionsDocument, { id: version.id });
  out.result(modelVersion, () =>
    [
      `${target}: ${modelVersion.stage}`,
      ...(modelVersion.promotionRequests.length === 0
        ? ['  no promotion requests']
        : modelVersion.promotionRequests.map(describeRequest)),
    ].join('\n'),
  );
}

/** `cairn promote inbox`: what awaits your decision. */
export async function promoteInbox(out: Output) {
  const client = await clientFromConfig();
  const { promotionInbox } = await client.execute(operations.PromotionInboxDocument, { first: 100 });
  out.result(promotionInbox, () =>
    promotionInbox.length === 0
      ? 'nothing awaits your decision'
      : promotionInbox.map(describeRequest).join('\n'),
  );
}
