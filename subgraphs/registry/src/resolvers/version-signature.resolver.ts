import {
  Arg,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  ID,
  InputType,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
  registerEnumType,
} from 'type-graphql';
import type { RegistryContext } from '../context';
import { ModelVersion } from '../entities/model-version.entity';
import type { AttachedSignatureRow } from '../services/attached-signature.service';

export enum SignatureSource {
  REGISTRY = 'REGISTRY',
  ATTACHED = 'ATTACHED',
}
registerEnumType(SignatureSource, {
  name: 'SignatureSource',
  description: 'Who made a signature: the registry at registration, or the team, attached later.',
});

@ObjectType({ description: 'A version’s signature: a Sigstore bundle in the OpenSSF model-signing format.' })
export class ModelVersionSignature {
  @Field({ description: 'SHA-256 (hex) of the signing key’s PEM public key; the bundle’s key hint.' })
  keyId: string;

  @Field({ description: 'ECDSA P-256 with SHA-256.' })
  algorithm: string;

  @Field({ description: 'The PEM public key that verifies it (`model_signing verify key --public_key`).' })
  publicKey: string;

  @Field({ description: 'The bundle as JSON text: save it as `model.sig` beside the downloaded files.' })
  bundle: string;

  @Field(() => SignatureSource)
  source: SignatureSource;

  @Field({
    description:
      'When the registry received it (registration, or attachment): the time key rotation and revocation are judged against.',
  })
  recordedAt: Date;

  @Field(() => String, { nullable: true, description: 'Who attached it; null for the registry’s own.' })
  attachedBy: string | null;
}

@InputType()
export class AttachModelVersionSignatureInput {
  @Field(() => ID)
  modelVersionId: string;

  @Field({
    description:
      'A Sigstore bundle in the OpenSSF model-signing format (`model_signing sign key`’s `model.sig`), as JSON text, over exactly the version’s files.',
  })
  bundle: string;

  @Field({ description: 'The ECDSA P-256 public key (PEM) that verifies it.' })
  publicKey: string;
}

@ObjectType()
export class VerificationCheck {
  @Field({
    description:
      'What was checked: `manifest`, `file:<path>`, `signature.<part>` (the registry’s signature), `attached:<key id prefix>.<part>` (each attached one).',
  })
  name: string;

  @Field()
  passed: boolean;

  @Field()
  detail: string;
}

@ObjectType({ description: 'What re-hashing a version’s stored files and checking its signature found.' })
export class VersionVerification {
  @Field({ description: 'Every check passed.' })
  valid: boolean;

  @Field()
  signed: boolean;

  @Field(() => String, { nullable: true })
  keyId: string | null;

  @Field(() => [VerificationCheck])
  checks: VerificationCheck[];

  @Field()
  verifiedAt: Date;
}

@Authorized()
@Resolver(() => ModelVersion)
export class VersionSignatureResolver {
  @FieldResolver(() => ModelVersionSignature, {
    nullable: true,
    description: 'Made at registration with the registry’s key; null for versions registered before signing.',
  })
  signature(@Root() version: ModelVersion): ModelVersionSignature | null {
    return registrySignatureOf(version);
  }

  @FieldResolver(() => [ModelVersionSignature], {
    description:
      'Every signature of the version: the registry’s from registration first, then those its team attached, oldest first.',
  })
  async signatures(
    @Root() version: ModelVersion,
    @Ctx() ctx: RegistryContext,
  ): Promise<ModelVersionSignature[]> {
    const own = registrySignatureOf(version);
    const attached = await ctx.loaders.attachedSignaturesByVersionId.load(version.id);
    return [...(own ? [own] : []), ...attached.map(attachedSignatureOf)];
  }

  @Mutation(() => ModelVersionSignature, {
    description:
      'Keeps a signature the version’s team made with its own key (a training pipeline’s, say) beside the registry’s. It must verify over exactly the version’s files; whether the key is trusted is decided by `registerSigningKey` in governance. Contributors of the team, with the write scope.',
  })
  async attachModelVersionSignature(
    @Arg('input') input: AttachModelVersionSignatureInput,
    @Ctx() ctx: RegistryContext,
  ): Promise<ModelVersionSignature> {
    return attachedSignatureOf(await ctx.services.attachedSignatures.attach(ctx.principal, input));
  }

  @Query(() => VersionVerification, {
    description:
      'Re-hashes every stored file of a version, checks them against its manifest and checks its signature over what is stored now.',
  })
  verifyModelVersion(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: RegistryContext,
  ): Promise<VersionVerification> {
    return ctx.services.verification.verify(ctx.principal, id);
  }
}

function registrySignatureOf(version: ModelVersion): ModelVersionSignature | null {
  if (!version.signature || !version.signatureKeyId || !version.signaturePublicKey) return null;
  return {
    keyId: version.signatureKeyId,
    algorithm: 'ecdsa-p256-sha256',
    publicKey: version.signaturePublicKey,
    bundle: JSON.stringify(version.signature),
    source: SignatureSource.REGISTRY,
    recordedAt: version.createdAt,
    attachedBy: null,
  };
}

function attachedSignatureOf(row: AttachedSignatureRow): ModelVersionSignature {
  return {
    keyId: row.key_id,
    algorithm: 'ecdsa-p256-sha256',
    publicKey: row.public_key,
    bundle: JSON.stringify(row.bundle),
    source: SignatureSource.ATTACHED,
    recordedAt: row.attached_at,
    attachedBy: row.attached_by,
  };
}
