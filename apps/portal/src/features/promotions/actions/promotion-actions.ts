'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { gatewayQuery } from '@/lib/gateway/gateway-query';
import { GatewayError, type GraphQLResult } from '@/lib/gateway/graphql-result';
import { RISK_TIERS } from '../graphql/promotion-fields';
import {
  APPROVE_PROMOTION,
  APPROVE_RISK_TIER_CHANGE,
  REJECT_PROMOTION,
  REJECT_RISK_TIER_CHANGE,
  REQUEST_PROMOTION,
  RERUN_GUARDRAILS,
  ROLLBACK_PRODUCTION,
  SET_MODEL_RISK_TIER,
  WITHDRAW_PROMOTION,
} from '../graphql/promotion-mutations';
import { promotionErrorMessage } from '../lib/promotion-error';
import type { ActionState } from './action-state';

/*
 * Server actions, so the forms work without JavaScript: the browser posts the form, the portal
 * calls the gateway with the session's token, and a success redirects to a page that says what
 * happened. Next checks that the post comes from the portal's own origin. The checks here only
 * spare a round trip; governance decides every call.
 */

const ID = /^[A-Za-z0-9-]{1,64}$/;
const MAX_TEXT = 2000;

const text = (form: FormData, name: string) => String(form.get(name) ?? '').trim();

async function call(query: string, variables: Record<string, unknown>): Promise<ActionState> {
  let result: GraphQLResult<unknown>;
  try {
    result = await gatewayQuery(query, variables);
  } catch (error) {
    return { error: error instanceof GatewayError ? error.message : 'The Cairn API did not answer.' };
  }
  if (result.errors?.length) return { error: promotionErrorMessage(result.errors) };
  // Pages are rendered per request, but the browser's router may hold a copy of the page it
  // returns to; a redirect to the URL it is on would otherwise show the old state.
  revalidatePath('/', 'layout');
  return null;
}

export async function approvePromotion(_: ActionState, form: FormData): Promise<ActionState> {
  const id = text(form, 'requestId');
  const comment = text(form, 'comment');
  if (!ID.test(id)) return { error: 'This request does not exist, or you may not see it.' };
  if (comment.length > MAX_TEXT) return { error: `Keep the comment under ${MAX_TEXT} characters.` };
  const failed = await call(APPROVE_PROMOTION, { input: { id, comment: comment || null } });
  if (failed) return failed;
  redirect(`/approvals/${encodeURIComponent(id)}?done=approved`);
}

export async function rejectPromotion(_: ActionState, form: FormData): Promise<ActionState> {
  const id = text(form, 'requestId');
  const reason = text(form, 'reason');
  if (!ID.test(id)) return { error: 'This request does not exist, or you may not see it.' };
  if (!reason) return { error: 'Say why you reject it: the requester sees your reason.' };
  if (reason.length > MAX_TEXT) return { error: `Keep the reason under ${MAX_TEXT} characters.` };
  const failed = await call(REJECT_PROMOTION, { input: { id, reason } });
  if (failed) return failed;
  redirect(`/approvals/${encodeURIComponent(id)}?done=rejected`);
}

export async function rerunGuardrails(_: ActionState, form: FormData): Promise<ActionState> {
  const id = text(form, 'requestId');
  if (!ID.test(id)) return { error: 'This request does not exist, or you may not see it.' };
  const failed = await call(RERUN_GUARDRAILS, { id });
  if (failed) return failed;
  redirect(`/approvals/${encodeURIComponent(id)}?done=guardrails`);
}

export async function requestPromotion(_: ActionState, form: FormData): Promise<ActionState> {
  const modelId = text(form, 'modelId');
  const modelVersionId = text(form, 'modelVersionId');
  const targetStage = text(form, 'targetStage');
  const justification = text(form, 'justification');
  if (!ID.test(modelId) || !ID.test(modelVersionId)) return { error: 'This version does not exist.' };
  if (targetStage !== 'STAGING' && targetStage !== 'PRODUCTION') {
    return { error: 'Pick STAGING or PRODUCTION.' };
  }
  if (!justification) return { error: 'Say why the version is ready: the approvers read it.' };
  if (justification.length > MAX_TEXT) return { error: `Keep it under ${MAX_TEXT} characters.` };
  const failed = await call(REQUEST_PROMOTION, { input: { modelVersionId, targetStage, justification } });
  if (failed) return failed;
  // The version in the query, not only the hash: a hash-only change would not load the page again.
  redirect(
    `/models/${encodeURIComponent(modelId)}/versions?done=requested&version=${encodeURIComponent(modelVersionId)}#v-${modelVersionId}`,
  );
}

export async function withdrawPromotion(_: ActionState, form: FormData): Promise<ActionState> {
  const id = text(form, 'requestId');
  const modelId = text(form, 'modelId');
  if (!ID.test(id) || !ID.test(modelId)) return { error: 'This request does not exist.' };
  const failed = await call(WITHDRAW_PROMOTION, { id });
  if (failed) return failed;
  redirect(
    `/models/${encodeURIComponent(modelId)}/versions?done=withdrawn&request=${encodeURIComponent(id)}`,
  );
}

export async function setModelRiskTier(_: ActionState, form: FormData): Promise<ActionState> {
  const modelId = text(form, 'modelId');
  const tier = text(form, 'tier');
  const reason = text(form, 'reason');
  if (!ID.test(modelId)) return { error: 'This model does not exist.' };
  if (!(RISK_TIERS as readonly string[]).includes(tier)) return { error: 'Pick a risk tier.' };
  if (!reason) return { error: 'Say why the tier changes: the change is recorded with it.' };
  if (reason.length > 1000) return { error: 'Keep the reason under 1,000 characters.' };
  let result: GraphQLResult<{ setModelRiskTier: { pendingChange: { id: string } | null } }>;
  try {
    result = await gatewayQuery(SET_MODEL_RISK_TIER, { input: { modelId, tier, reason } });
  } catch (error) {
    return { error: error instanceof GatewayError ? error.message : 'The Cairn API did not answer.' };
  }
  if (result.errors?.length || !result.data) return { error: promotionErrorMessage(result.errors ?? []) };
  revalidatePath('/', 'layout');
  // A lowering waits for an approver of the team.
  const done = result.data.setModelRiskTier.pendingChange ? 'tier-requested' : 'tier';
  redirect(`/models/${encodeURIComponent(modelId)}?done=${done}`);
}

export async function approveRiskTierChange(_: ActionState, form: FormData): Promise<ActionState> {
  const id = text(form, 'changeId');
  const modelId = text(form, 'modelId');
  if (!ID.test(id) || !ID.test(modelId))
    return { error: 'This request does not exist, or you may not see it.' };
  const failed = await call(APPROVE_RISK_TIER_CHANGE, { id });
  if (failed) return failed;
  redirect(`/models/${encodeURIComponent(modelId)}?done=tier-approved`);
}

export async function rejectRiskTierChange(_: ActionState, form: FormData): Promise<ActionState> {
  const id = text(form, 'changeId');
  const modelId = text(form, 'modelId');
  const reason = text(form, 'reason');
  if (!ID.test(id) || !ID.test(modelId))
    return { error: 'This request does not exist, or you may not see it.' };
  if (!reason) return { error: 'Say why you reject it: the maintainer sees your reason.' };
  if (reason.length > 1000) return { error: 'Keep the reason under 1,000 characters.' };
  const failed = await call(REJECT_RISK_TIER_CHANGE, { input: { id, reason } });
  if (failed) return failed;
  redirect(`/models/${encodeURIComponent(modelId)}?done=tier-rejected`);
}

export async function rollbackProduction(_: ActionState, form: FormData): Promise<ActionState> {
  const modelId = text(form, 'modelId');
  const toVersionId = text(form, 'toVersionId');
  const reason = text(form, 'reason');
  if (!ID.test(modelId)) return { error: 'This model does not exist.' };
  if (toVersionId && !ID.test(toVersionId)) return { error: 'Pick a version to return to.' };
  if (!reason) return { error: 'Say why: the rollback is recorded, signed and announced with it.' };
  if (reason.length > MAX_TEXT) return { error: `Keep the reason under ${MAX_TEXT} characters.` };
  let result: GraphQLResult<{ rollbackProduction: { id: string; status: string } }>;
  try {
    result = await gatewayQuery(ROLLBACK_PRODUCTION, {
      input: { modelId, toVersionId: toVersionId || null, reason },
    });
  } catch (error) {
    return { error: error instanceof GatewayError ? error.message : 'The Cairn API did not answer.' };
  }
  if (result.errors?.length || !result.data) return { error: promotionErrorMessage(result.errors ?? []) };
  revalidatePath('/', 'layout');
  const request = result.data.rollbackProduction;
  // A rollback that waits for approvals is a request like a promotion: show it there.
  if (request.status === 'PENDING')
    redirect(`/approvals/${encodeURIComponent(request.id)}?done=rollback-requested`);
  redirect(`/models/${encodeURIComponent(modelId)}?done=rolled-back`);
}
