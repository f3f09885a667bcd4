import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { CheckpointCheck } from '../../services/audit/audit.service';

// GraphQL names the values; the stored values are the chain's own source names.
export const AuditSource = {
  REGISTRY: 'registry',
  LINEAGE: 'lineage',
  GOVERNANCE: 'governance',
  METRICS: 'metrics',
  ACCESS_LOG: 'access-log',
} as const;
export type AuditSource = (typeof AuditSource)[keyof typeof AuditSource];
registerEnumType(AuditSource, {
  name: 'AuditSource',
  description:
    'Where an audit entry came from: a subgraph event log, or the refused attempts of the access log.',
});

@ObjectType({ description: 'One link of the tamper-evident audit chain.' })
export class AuditEntry {
  @Field(() => Int, { description: 'Position in the chain, from 1, without gaps.' })
  seq: number;

  @Field(() => AuditSource)
  source: AuditSource;

  @Field({ description: 'The event id, or the access-log entry id.' })
  sourceId: string;

  @Field({ description: 'e.g. `registry.ModelVersionCreated` or `access-log.AccessRefused`.' })
  type: string;

  @Field({ description: '`<SubjectType>:<id>`, e.g. `ModelVersion:<uuid>` or `Request:<request id>`.' })
  subject: string;

  @Field(() => String, { nullable: true })
  actor: string | null;

  @Field()
  occurredAt: Date;

  @Field(() => GraphQLJSONObject)
  payload: Record<string, unknown>;

  @Field({ description: 'The hash of the entry before (64 zeros for the first).' })
  prevHash: string;

  @Field({ description: 'SHA-256 over the canonical encoding of this entry (docs/audit-export.md).' })
  hash: string;

  @Field()
  chainedAt: Date;
}

@ObjectType()
export class AuditEdge {
  @Field()
  cursor: string;

  @Field(() => AuditEntry)
  node: AuditEntry;
}

@ObjectType()
export class AuditPageInfo {
  @Field()
  hasNextPage: boolean;

  @Field(() => String, { nullable: true })
  endCursor: string | null;
}

@ObjectType()
export class AuditConnection {
  @Field(() => [AuditEdge])
  edges: AuditEdge[];

  @Field(() => AuditPageInfo)
  pageInfo: AuditPageInfo;
}

@ObjectType({ description: 'A signed statement of the chain head at a time.' })
export class AuditCheckpointCheck implements CheckpointCheck {
  @Field(() => Int)
  seq: number;

  @Field()
  hash: string;

  @Field({ description: 'SHA-256 hex of the signing public key (SPKI PEM).' })
  keyId: string;

  @Field({ description: 'Whether the signature verifies under the stored public key.' })
  signatureValid: boolean;
}

@ObjectType()
export class AuditChainVerification {
  @Field()
  valid: boolean;

  @Field(() => Int)
  checkedEntries: number;

  @Field(() => Int, { nullable: true, description: 'The first entry whose hash or link does not hold.' })
  firstBrokenSeq: number | null;

  @Field(() => String, { nullable: true })
  reason: string | null;

  @Field(() => AuditCheckpointCheck, { nullable: true, description: 'The newest checkpoint in the range.' })
  lastCheckpoint: AuditCheckpointCheck | null;
}
