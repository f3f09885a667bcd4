import { plainText, prose } from '@cairn/input-rules';
import { z } from 'zod';
import { DELIVERABLE_EVENT_TYPES, isDeliverable } from './deliverable-events';

const id = z.string().max(100);

/** Syntax only; where it leads (public address or allow-listed) is checked by `AddressPolicy`. */
const url = plainText(1, 2048).superRefine((text, ctx) => {
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'is not a URL' });
    return;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    ctx.addIssue({ code: 'custom', message: 'must use http or https' });
  }
  if (parsed.username || parsed.password) {
    ctx.addIssue({
      code: 'custom',
      message: 'must not carry credentials; receivers verify the signature instead',
    });
  }
});

const eventTypes = z
  .array(z.string().max(200))
  .min(1, 'must name at least one event type')
  .max(100, 'at most 100 event types')
  .superRefine((types, ctx) => {
    types.forEach((type, i) => {
      if (!isDeliverable(type)) {
        ctx.addIssue({
          code: 'custom',
          path: [i],
          message: `"${type}" is not a deliverable event type (see webhookEventTypes; e.g. ${DELIVERABLE_EVENT_TYPES[0]})`,
        });
      }
    });
  })
  .transform((types) => [...new Set(types)].sort());

export const createWebhookRules = z.object({
  team: plainText(1, 100),
  url,
  eventTypes,
  description: prose(500)
    .nullish()
    .transform((v) => v ?? ''),
});

export const updateWebhookRules = z.object({
  id,
  url: url.nullish(),
  eventTypes: eventTypes.nullish(),
  description: prose(500).nullish(),
});

export const deliveryListRules = z.object({
  subscriptionId: id,
  status: z.enum(['PENDING', 'SUCCEEDED', 'FAILED', 'CANCELLED']).nullish(),
});
