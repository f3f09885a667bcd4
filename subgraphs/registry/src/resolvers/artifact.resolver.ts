import type { PartTarget, UploadSession } from '@cairn/artifact-store';
import { GraphQLJSONObject, GraphQLSafeInt } from 'graphql-scalars';
import {
  Arg,
  Ctx,
  Field,
  FieldResolver,
  ID,
  InputType,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import type { RegistryContext } from '../context';

@ObjectType({ description: 'Where to send one part of an upload, and exactly how many bytes.' })
export class ArtifactUploadPart {
  @Field(() => Int)
  partNumber: number;

  @Field(() => GraphQLSafeInt, { description: 'Where the part starts in the file.' })
  offset: number;

  @Field(() => GraphQLSafeInt)
  size: number;

  @Field({ description: 'Always `PUT`.' })
  method: string;

  @Field({
    description:
      'A path on the Cairn API’s origin (`/artifacts/uploads/…`, sent with the same bearer token) or, on S3, a presigned URL to PUT to directly.',
  })
  url: string;

  @Field(() => GraphQLJSONObject, { description: 'Headers to send with the part.' })
  headers: Record<string, string>;

  @Field(() => Date, { nullable: true, description: 'When a presigned URL stops working.' })
  expiresAt: Date | null;
}

@ObjectType({ description: 'An open upload: parts 1…partCount, each partSize bytes except the last.' })
export class ArtifactUpload {
  @Field(() => ID)
  id: string;

  @Field()
  sha256: string;

  @Field(() => GraphQLSafeInt)
  size: number;

  @Field(() => GraphQLSafeInt)
  partSize: number;

  @Field(() => Int)
  partCount: number;

  @Field()
  expiresAt: Date;
}

@ObjectType()
export class ArtifactUploadStart {
  @Field({
    description: 'The model already holds these bytes: name the digest in createModelVersion, send nothing.',
  })
  alreadyStored: boolean;

  @Field(() => ArtifactUpload, { nullable: true })
  upload: ArtifactUpload | null;
}

@ObjectType({ description: 'Bytes the store verified and keeps under their digest.' })
export class StoredArtifact {
  @Field()
  sha256: string;

  @Field(() => GraphQLSafeInt)
  size: number;

  @Field({ description: 'The store already held them; this upload was verified and discarded.' })
  deduplicated: boolean;
}

@InputType()
export class BeginArtifactUploadInput {
  @Field(() => ID)
  modelId: string;

  @Field({ description: '`sha256:<hex>` of the whole file, checked on completion.' })
  sha256: string;

  @Field(() => GraphQLSafeInt, { description: 'Bytes, checked on completion; at most ARTIFACT_MAX_BYTES.' })
  size: number;

  @Field(() => GraphQLSafeInt, {
    nullable: true,
    description: 'Bytes per part, 5 MiB to 5 GiB; 64 MiB by default.',
  })
  partSize?: number | null;
}

function uploadView(session: UploadSession): ArtifactUpload {
  return {
    id: session.id,
    sha256: session.digest,
    size: session.size,
    partSize: session.partSize,
    partCount: session.partCount,
    expiresAt: session.expiresAt,
  };
}

function partView(uploadId: string, target: PartTarget): ArtifactUploadPart {
  if (target.kind === 'url') {
    return { ...target, expiresAt: target.expiresAt };
  }
  return {
    partNumber: target.partNumber,
    offset: target.offset,
    size: target.size,
    method: 'PUT',
    url: `/artifacts/uploads/${encodeURIComponent(uploadId)}/parts/${target.partNumber}`,
    headers: { 'content-type': 'application/octet-stream' },
    expiresAt: null,
  };
}

@Resolver(() => ArtifactUpload)
export class ArtifactUploadResolver {
  @Mutation(() => ArtifactUploadStart, {
    description:
      'Opens an upload of one file for a model (contributors of its team). Send the parts, then call completeArtifactUpload.',
  })
  async beginArtifactUpload(
    @Arg('input') input: BeginArtifactUploadInput,
    @Ctx() ctx: RegistryContext,
  ): Promise<ArtifactUploadStart> {
    const start = await ctx.services.artifacts.begin(ctx.principal, input);
    return { alreadyStored: start.alreadyStored, upload: start.upload ? uploadView(start.upload) : null };
  }

  @Query(() => ArtifactUpload, { description: 'One of the caller’s open uploads, to resume it.' })
  async artifactUpload(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: RegistryContext,
  ): Promise<ArtifactUpload> {
    return uploadView(await ctx.services.artifacts.upload(ctx.principal, id));
  }

  @FieldResolver(() => [ArtifactUploadPart], {
    description: 'Where to send parts `from` … `from + count - 1`.',
  })
  async parts(
    @Root() upload: ArtifactUpload,
    @Ctx() ctx: RegistryContext,
    @Arg('from', () => Int, { defaultValue: 1 }) from: number,
    @Arg('count', () => Int, { defaultValue: 100, description: '1 to 100.' }) count: number,
  ): Promise<ArtifactUploadPart[]> {
    const targets = await ctx.services.artifacts.partTargets(ctx.principal, upload.id, { from, count });
    return targets.map((target) => partView(upload.id, target));
  }

  @FieldResolver(() => [Int], { description: 'Parts received so far: resend only the others.' })
  async receivedParts(@Root() upload: ArtifactUpload, @Ctx() ctx: RegistryContext): Promise<number[]> {
    return (await ctx.services.artifacts.receivedParts(ctx.principal, upload.id)).map(
      (part) => part.partNumber,
    );
  }

  @Mutation(() => StoredArtifact, {
    description: 'Checks the whole file’s size and sha256 and stores it; a mismatch removes the upload.',
  })
  async completeArtifactUpload(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: RegistryContext,
  ): Promise<StoredArtifact> {
    const stored = await ctx.services.artifacts.complete(ctx.principal, id);
    return { sha256: stored.digest, size: stored.size, deduplicated: stored.deduplicated };
  }

  @Mutation(() => Boolean, { description: 'Drops an open upload and the parts received.' })
  abortArtifactUpload(@Arg('id', () => ID) id: string, @Ctx() ctx: RegistryContext): Promise<boolean> {
    return ctx.services.artifacts.abort(ctx.principal, id);
  }
}
