import { type Connection, FIRST_DESCRIPTION } from '@cairn/subgraph-kit';
import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { GovernanceContext } from '../../context';
import { DELIVERABLE_EVENT_TYPES } from '../../services/webhooks/deliverable-events';
import {
  CreateWebhookSubscriptionInput,
  UpdateWebhookSubscriptionInput,
  WebhookDelivery,
  WebhookDeliveryConnection,
  WebhookDeliveryStatus,
  WebhookSubscription,
  WebhookSubscriptionWithSecret,
  webhookDeliveryOf,
  webhookSubscriptionOf,
} from './webhook.types';

@Authorized()
@Resolver()
export class WebhookResolver {
  @Query(() => [String], { description: 'The event types a webhook subscription may name.' })
  webhookEventTypes(): readonly string[] {
    return DELIVERABLE_EVENT_TYPES;
  }

  @Query(() => [WebhookSubscription], {
    description: "A team's webhook subscriptions (its maintainers, platform admins, auditors).",
  })
  async webhookSubscriptions(
    @Arg('team') team: string,
    @Ctx() ctx: GovernanceContext,
  ): Promise<WebhookSubscription[]> {
    return (await ctx.services.webhooks.list(ctx.principal, team)).map(webhookSubscriptionOf);
  }

  @Query(() => WebhookDeliveryConnection, {
    description: 'The delivery log of a subscription, newest first, each delivery with its attempts.',
  })
  async webhookDeliveries(
    @Arg('subscriptionId', () => ID) subscriptionId: string,
    @Ctx() ctx: GovernanceContext,
    @Arg('status', () => WebhookDeliveryStatus, { nullable: true }) status?: WebhookDeliveryStatus,
    @Arg('first', () => Int, { nullable: true, description: FIRST_DESCRIPTION }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<Connection<WebhookDelivery>> {
    const page = await ctx.services.webhookDeliveries.page(ctx.principal, {
      subscriptionId,
      status,
      first,
      after,
    });
    return { ...page, edges: page.edges.map((e) => ({ cursor: e.cursor, node: webhookDeliveryOf(e.node) })) };
  }

  @Mutation(() => WebhookSubscriptionWithSecret, {
    description:
      'Subscribes a receiver to event types of a team (its maintainers). The secret is in this answer only.',
  })
  async createWebhookSubscription(
    @Arg('input') input: CreateWebhookSubscriptionInput,
    @Ctx() ctx: GovernanceContext,
  ): Promise<WebhookSubscriptionWithSecret> {
    const { subscription, secret } = await ctx.services.webhooks.create(ctx.principal, input);
    return { subscription: webhookSubscriptionOf(subscription), secret };
  }

  @Mutation(() => WebhookSubscription, { description: 'Changes the URL, event types or description.' })
  async updateWebhookSubscription(
    @Arg('input') input: UpdateWebhookSubscriptionInput,
    @Ctx() ctx: GovernanceContext,
  ): Promise<WebhookSubscription> {
    return webhookSubscriptionOf(await ctx.services.webhooks.update(ctx.principal, input));
  }

  @Mutation(() => WebhookSubscription, {
    description: 'Deletes a subscription; deliveries not yet sent are cancelled.',
  })
  async deleteWebhookSubscription(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: GovernanceContext,
  ): Promise<WebhookSubscription> {
    return webhookSubscriptionOf(await ctx.services.webhooks.delete(ctx.principal, id));
  }

  @Mutation(() => WebhookSubscription, {
    description: 'Turns a subscription disabled after failures back on; its pending deliveries go out again.',
  })
  async enableWebhookSubscription(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: GovernanceContext,
  ): Promise<WebhookSubscription> {
    return webhookSubscriptionOf(await ctx.services.webhooks.enable(ctx.principal, id));
  }

  @Mutation(() => WebhookSubscriptionWithSecret, {
    description:
      'A new signing secret, shown this once; the previous one keeps signing beside it for the configured grace period.',
  })
  async rotateWebhookSecret(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: GovernanceContext,
  ): Promise<WebhookSubscriptionWithSecret> {
    const { subscription, secret } = await ctx.services.webhooks.rotateSecret(ctx.principal, id);
    return { subscription: webhookSubscriptionOf(subscription), secret };
  }

  @Mutation(() => WebhookDelivery, {
    description: 'Sends a finished delivery again, as a new delivery with the same webhook-id.',
  })
  async redeliverWebhook(
    @Arg('deliveryId', () => ID) deliveryId: string,
    @Ctx() ctx: GovernanceContext,
  ): Promise<WebhookDelivery> {
    return webhookDeliveryOf(await ctx.services.webhookDeliveries.redeliver(ctx.principal, deliveryId));
  }
}
