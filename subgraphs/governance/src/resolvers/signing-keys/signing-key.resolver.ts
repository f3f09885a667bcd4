import { Arg, Authorized, Ctx, Field, InputType, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { GovernanceContext } from '../../context';
import type { SigningKeyRow } from '../../services/signing-keys/signing-key-store';

@ObjectType({
  description:
    'A public key trusted to sign versions of a team’s models (or of every team’s: a platform key). Promotions to STAGING and PRODUCTION need a signature by a trusted key.',
})
export class SigningKey {
  @Field({ description: 'SHA-256 (hex) of the key’s canonical SPKI PEM: the signature bundle’s key hint.' })
  keyId: string;

  @Field(() => String, { nullable: true, description: 'Null: a platform key, trusted for every team.' })
  team: string | null;

  @Field()
  name: string;

  @Field({ description: 'The ECDSA P-256 public key, PEM.' })
  publicKey: string;

  @Field()
  registeredBy: string;

  @Field()
  registeredAt: Date;

  @Field(() => Date, {
    nullable: true,
    description: 'When a rotation replaced it: signatures recorded before stay trusted, none after.',
  })
  retiredAt: Date | null;

  @Field(() => String, { nullable: true, description: 'The key that replaced it.' })
  replacedBy: string | null;

  @Field(() => Date, { nullable: true })
  revokedAt: Date | null;

  @Field(() => Date, {
    nullable: true,
    description: 'Signatures recorded from then on are not trusted (may be earlier than revokedAt).',
  })
  revokedEffectiveFrom: Date | null;

  @Field(() => String, { nullable: true })
  revokedBy: string | null;

  @Field(() => String, { nullable: true })
  revocationReason: string | null;

  @Field({ description: 'Neither rotated out nor revoked: it may sign new versions.' })
  active: boolean;
}

@ObjectType()
export class SigningKeyRotation {
  @Field(() => SigningKey, { description: 'The old key, now retired.' })
  retired: SigningKey;

  @Field(() => SigningKey)
  successor: SigningKey;
}

@InputType()
export class RegisterSigningKeyInput {
  @Field(() => String, {
    nullable: true,
    description: 'The team whose versions it may sign; absent for a platform key (platform admins).',
  })
  team?: string | null;

  @Field({ description: 'What holds it, e.g. "training pipeline 2026".' })
  name: string;

  @Field({ description: 'ECDSA P-256 public key, PEM (SPKI).' })
  publicKey: string;
}

@InputType()
export class RotateSigningKeyInput {
  @Field()
  keyId: string;

  @Field({ description: 'The successor’s name.' })
  name: string;

  @Field({ description: 'The successor’s ECDSA P-256 public key, PEM (SPKI).' })
  publicKey: string;
}

@InputType()
export class RevokeSigningKeyInput {
  @Field()
  keyId: string;

  @Field()
  reason: string;

  @Field(() => Date, {
    nullable: true,
    description:
      'From when its signatures are not trusted: now when absent; earlier for a suspected compromise.',
  })
  effectiveFrom?: Date | null;
}

export function signingKeyOf(row: SigningKeyRow): SigningKey {
  return {
    keyId: row.key_id,
    team: row.team_slug,
    name: row.name,
    publicKey: row.public_key,
    registeredBy: row.registered_by,
    registeredAt: row.registered_at,
    retiredAt: row.retired_at,
    replacedBy: row.replaced_by,
    revokedAt: row.revoked_at,
    revokedEffectiveFrom: row.revoked_effective_from,
    revokedBy: row.revoked_by,
    revocationReason: row.revocation_reason,
    active: row.retired_at === null && row.revoked_at === null,
  };
}

@Authorized()
@Resolver()
export class SigningKeyResolver {
  @Query(() => [SigningKey], {
    description:
      'The keys trusted for a team’s versions (its own and the platform’s), in every state; without a team, the platform’s.',
  })
  async signingKeys(
    @Ctx() ctx: GovernanceContext,
    @Arg('team', () => String, { nullable: true }) team?: string | null,
  ): Promise<SigningKey[]> {
    return (await ctx.services.signingKeys.list(ctx.principal, team ?? null)).map(signingKeyOf);
  }

  @Mutation(() => SigningKey, {
    description:
      'Trusts a public key to sign a team’s versions (its maintainers, admin scope), or every team’s (platform admins).',
  })
  async registerSigningKey(
    @Arg('input') input: RegisterSigningKeyInput,
    @Ctx() ctx: GovernanceContext,
  ): Promise<SigningKey> {
    return signingKeyOf(await ctx.services.signingKeys.register(ctx.principal, input));
  }

  @Mutation(() => SigningKeyRotation, {
    description:
      'Replaces a key: the successor is trusted from now, and what the old key signed before stays trusted.',
  })
  async rotateSigningKey(
    @Arg('input') input: RotateSigningKeyInput,
    @Ctx() ctx: GovernanceContext,
  ): Promise<SigningKeyRotation> {
    const { retired, successor } = await ctx.services.signingKeys.rotate(ctx.principal, input);
    return { retired: signingKeyOf(retired), successor: signingKeyOf(successor) };
  }

  @Mutation(() => SigningKey, {
    description:
      'Stops trusting a key for signatures recorded from `effectiveFrom` on; final. Open promotions signed with it need their guardrails run again.',
  })
  async revokeSigningKey(
    @Arg('input') input: RevokeSigningKeyInput,
    @Ctx() ctx: GovernanceContext,
  ): Promise<SigningKey> {
    return signingKeyOf(await ctx.services.signingKeys.revoke(ctx.principal, input));
  }
}
