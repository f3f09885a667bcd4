import type { ModelDirectory } from '@cairn/model-directory';
import type { DataSource } from 'typeorm';
import { MembershipService } from './access/membership.service';
import { TeamDirectory } from './access/team-directory';
import { AccessLogService } from './access-log/access-log.service';
import { AccessRequestService } from './access-requests/access-request.service';
import { SigningKeyService } from './signing-keys/signing-key.service';

/**
 * The access log and access requests (who did what, who was refused, who asked for what), and
 * the keys trusted to sign each team's versions.
 */
export function createTrustServices(dataSource: DataSource, directory: ModelDirectory) {
  const teams = new TeamDirectory(dataSource);
  return {
    accessLog: new AccessLogService(dataSource),
    accessRequests: new AccessRequestService(
      dataSource,
      teams,
      new MembershipService(dataSource, teams),
      directory,
    ),
    signingKeys: new SigningKeyService(dataSource, teams),
  };
}
