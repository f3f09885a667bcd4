import {
  Arg,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  ID,
  ObjectType,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import type { RegistryContext } from '../context';
import { ModelVersion } from '../entities/model-version.entity';

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
}

@ObjectType()
export class VerificationCheck {
  @Field({ description: 'What was checked: `manifest`, `file:<path>`, `signature.<part>`.' })
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
    if (!version.signature || !version.signatureKeyId || !version.signaturePublicKey) return null;
    return {
      keyId: version.signatureKeyId,
      algorithm: 'ecdsa-p256-sha256',
      publicKey: version.signaturePublicKey,
      bundle: JSON.stringify(version.signature),
    };
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
