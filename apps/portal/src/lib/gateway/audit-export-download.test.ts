import { describe, expect, it } from 'vitest';
import { gatewayAuditExportUrl } from './audit-export-download';

const gateway = 'http://127.0.0.1:4000/graphql';
const portal = (path: string) => new URL(path, 'http://127.0.0.1:3000');

describe('gatewayAuditExportUrl', () => {
  it("maps the portal's export onto the gateway's, with the seq range", () => {
    expect(gatewayAuditExportUrl(portal('/api/audit/export?from=12&to=57'), gateway)?.href).toBe(
      'http://127.0.0.1:4000/audit/export?from=12&to=57',
    );
    expect(gatewayAuditExportUrl(portal('/api/audit/export'), gateway)?.href).toBe(
      'http://127.0.0.1:4000/audit/export',
    );
  });

  it('passes on nothing but numeric bounds', () => {
    expect(
      gatewayAuditExportUrl(portal('/api/audit/export?from=1&to=x&renewed=1&secret=y'), gateway)?.href,
    ).toBe('http://127.0.0.1:4000/audit/export?from=1');
  });

  it('ignores every other path', () => {
    expect(gatewayAuditExportUrl(portal('/api/audit/export/x'), gateway)).toBeNull();
    expect(gatewayAuditExportUrl(portal('/api/graphql'), gateway)).toBeNull();
    expect(gatewayAuditExportUrl(portal('/audit'), gateway)).toBeNull();
  });
});
