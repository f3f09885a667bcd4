import { Directive, Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { accessEntryRules } from '../../services/access-log/access-log-rules';
import type { AccessLogRow } from '../../services/access-log/access-log-store';

// GraphQL names the values; the stored values are the lower-case words GraphQL itself uses.
export const OperationType = { QUERY: 'query', MUTATION: 'mutation', SUBSCRIPTION: 'subscription' } as const;
export type OperationType = (typeof OperationType)[keyof typeof OperationType];
registerEnumType(OperationType, { name: 'OperationType' });

@ObjectType({ description: 'One mutation, or one refused attempt, as the gateway saw it.' })
export class AccessLogEntry {
  @Field(() => ID)
  id: string;

  @Field()
  occurredAt: Date;

  @Field({ description: 'The `x-request-id` of the request, also in every service log line.' })
  requestId: string;

  @Field(() => String, { nullable: true, description: 'Null when no credential was accepted.' })
  subject: string | null;

  @Field(() => String, { nullable: true })
  email: string | null;

  @Field(() => String, { nullable: true, description: '`user` or `service`.' })
  principalKind: string | null;

  @Field(() => String, { nullable: true, description: '`oidc` or `api-token`.' })
  clientKind: string | null;

  @Field(() => String, { nullable: true, description: 'The OIDC client id, or the API token id.' })
  clientId: string | null;

  @Field(() => OperationType, { nullable: true })
  operationType: OperationType | null;

  @Field(() => String, { nullable: true })
  operationName: string | null;

  @Field(() => [String], { description: 'The top-level fields asked for, e.g. `registerModel`.' })
  rootFields: string[];

  @Field({ description: '`OK`, or the first error code answered (UNAUTHENTICATED, FORBIDDEN, …).' })
  outcome: string;

  @Field(() => [String])
  errorCodes: string[];

  @Field(() => String, { nullable: true })
  remoteAddress: string | null;

  @Field(() => String, { nullable: true })
  userAgent: string | null;
}

export function accessLogEntryOf(row: AccessLogRow): AccessLogEntry {
  return {
    id: row.id,
    occurredAt: row.occurred_at,
    requestId: row.request_id,
    subject: row.subject,
    email: row.email,
    principalKind: row.principal_kind,
    clientKind: row.client_kind,
    clientId: row.client_id,
    operationType: row.operation_type as OperationType | null,
    operationName: row.operation_name,
    rootFields: row.root_fields,
    outcome: row.outcome,
    errorCodes: row.error_codes,
    remoteAddress: row.remote_address,
    userAgent: row.user_agent,
  };
}

@ObjectType()
export class AccessLogEdge {
  @Field()
  cursor: string;

  @Field(() => AccessLogEntry)
  node: AccessLogEntry;
}

// Its own page-info type: a shared `PageInfo` would have to be @shareable in every subgraph.
@ObjectType()
export class AccessLogPageInfo {
  @Field()
  hasNextPage: boolean;

  @Field(() => String, { nullable: true })
  endCursor: string | null;
}

@ObjectType()
export class AccessLogConnection {
  @Field(() => [AccessLogEdge])
  edges: AccessLogEdge[];

  @Field(() => AccessLogPageInfo)
  pageInfo: AccessLogPageInfo;

  /** The filter, for `totalCount`, which is counted only when asked for. */
  filter: unknown;
}

@InputType()
export class AccessLogFilter {
  @Field(() => String, { nullable: true, description: 'ISO 8601; entries at or after.' })
  from?: string | null;

  @Field(() => String, { nullable: true, description: 'ISO 8601; entries before.' })
  to?: string | null;

  @Field(() => String, { nullable: true })
  subject?: string | null;

  @Field(() => String, { nullable: true, description: '`OK` or an error code.' })
  outcome?: string | null;

  @Field(() => OperationType, { nullable: true })
  operationType?: OperationType | null;
}

@Directive('@inaccessible')
@InputType()
export class AccessEntryInput {
  static readonly schema = accessEntryRules;

  @Field()
  occurredAt: string;

  @Field()
  requestId: string;

  @Field(() => String, { nullable: true })
  subject?: string | null;

  @Field(() => String, { nullable: true })
  email?: string | null;

  @Field(() => String, { nullable: true })
  principalKind?: string | null;

  @Field(() => String, { nullable: true })
  clientKind?: string | null;

  @Field(() => String, { nullable: true })
  clientId?: string | null;

  @Field(() => String, { nullable: true })
  operationType?: string | null;

  @Field(() => String, { nullable: true })
  operationName?: string | null;

  @Field(() => [String])
  rootFields: string[];

  @Field()
  outcome: string;

  @Field(() => [String])
  errorCodes: string[];

  @Field(() => String, { nullable: true })
  remoteAddress?: string | null;

  @Field(() => String, { nullable: true })
  userAgent?: string | null;
}
