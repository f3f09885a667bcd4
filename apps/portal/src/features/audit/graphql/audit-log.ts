import type { ChainVerification } from '../lib/chain-summary';

/** The page's one round trip: the chain's verification and a page of entries, newest first. */
export const AUDIT_LOG_QUERY = /* GraphQL */ `
  query AuditLog(
    $first: Int
    $after: String
    $source: AuditSource
    $type: String
    $subject: String
    $actor: String
    $from: String
    $to: String
  ) {
    verifyAuditChain {
      valid
      checkedEntries
      firstBrokenSeq
      reason
      lastCheckpoint { seq hash keyId signatureValid }
    }
    auditLog(
      first: $first
      after: $after
      source: $source
      type: $type
      subject: $subject
      actor: $actor
      from: $from
      to: $to
    ) {
      edges {
        node { seq occurredAt source type subject actor hash }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

export const AUDIT_PAGE_SIZE = 50;

export interface AuditEntryRow {
  seq: number;
  occurredAt: string;
  source: string;
  type: string;
  subject: string;
  actor: string | null;
  hash: string;
}

export interface AuditPage {
  entries: AuditEntryRow[];
  hasNextPage: boolean;
  endCursor: string | null;
}

export interface AuditLogData {
  verifyAuditChain: ChainVerification;
  auditLog: {
    edges: { node: AuditEntryRow }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}
