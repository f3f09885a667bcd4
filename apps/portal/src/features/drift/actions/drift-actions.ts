'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { gatewayQuery } from '@/lib/gateway/gateway-query';
import { GatewayError } from '@/lib/gateway/graphql-result';
import { ACKNOWLEDGE_DRIFT_ALARM } from '../graphql/model-drift';
import { driftErrorMessage } from '../lib/drift-error';

export type AcknowledgeState = { error: string } | null;

const ID = /^[A-Za-z0-9-]{1,64}$/;
const MAX_NOTE = 2000;

/**
 * A server action, so the form works without JavaScript. The form is shown to the team's
 * contributors only as a hint; the metrics subgraph decides, and its refusal is shown as is.
 */
export async function acknowledgeDriftAlarm(_: AcknowledgeState, form: FormData): Promise<AcknowledgeState> {
  const modelId = String(form.get('modelId') ?? '');
  const alarmId = String(form.get('alarmId') ?? '');
  const note = String(form.get('note') ?? '').trim();
  if (!ID.test(modelId) || !ID.test(alarmId))
    return { error: 'This alarm does not exist, or you may not see it.' };
  if (note.length > MAX_NOTE) return { error: `Keep the note under ${MAX_NOTE} characters.` };
  try {
    const result = await gatewayQuery(ACKNOWLEDGE_DRIFT_ALARM, { alarmId, note: note || null });
    if (result.errors?.length) return { error: driftErrorMessage(result.errors) };
  } catch (error) {
    return { error: error instanceof GatewayError ? error.message : 'The Cairn API did not answer.' };
  }
  revalidatePath('/', 'layout');
  redirect(`/models/${encodeURIComponent(modelId)}/drift?done=acknowledged`);
}
