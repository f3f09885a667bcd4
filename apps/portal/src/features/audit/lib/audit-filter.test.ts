import { describe, expect, it } from 'vitest';
import { auditExportHref, auditHref, auditLogVariables, isFiltered, parseAuditFilter } from './audit-filter';

describe('parseAuditFilter', () => {
  it('reads every filter and the cursor from the search params', () => {
    expect(
      parseAuditFilter({
        source: 'registry',
        type: ' registry.ModelVersionCreated ',
        subject: 'ModelVersion:abc',
        actor: 'user-eli',
        from: '2026-11-01',
        to: '2026-11-07',
        after: 'c42',
      }),
    ).toEqual({
      source: 'REGISTRY',
      type: 'registry.ModelVersionCreated',
      subject: 'ModelVersion:abc',
      actor: 'user-eli',
      from: '2026-11-01',
      to: '2026-11-07',
      after: 'c42',
    });
  });

  it('accepts the export spelling of a source and takes the first of repeated params', () => {
    expect(parseAuditFilter({ source: ['access-log', 'registry'] }).source).toBe('ACCESS_LOG');
  });

  it('leaves out what cannot be a filter instead of failing', () => {
    expect(
      parseAuditFilter({
        source: 'billing',
        type: '   ',
        subject: 'x'.repeat(301),
        from: '2026-02-31',
        to: '31/01/2027',
      }),
    ).toEqual({ source: null, type: null, subject: null, actor: null, from: null, to: null, after: null });
  });
});

describe('auditLogVariables', () => {
  it('asks for whole UTC days, the last one included', () => {
    const filter = parseAuditFilter({ from: '2026-11-01', to: '2026-11-07', source: 'GOVERNANCE' });
    expect(auditLogVariables(filter)).toEqual({
      source: 'GOVERNANCE',
      type: null,
      subject: null,
      actor: null,
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-11-08T00:00:00.000Z',
      after: null,
    });
  });
});

describe('auditHref', () => {
  it('keeps the filter in the URL and adds the next cursor', () => {
    const filter = parseAuditFilter({ source: 'REGISTRY', actor: 'user eli', after: 'old' });
    expect(auditHref(filter, 'c50')).toBe('/audit?source=REGISTRY&actor=user+eli&after=c50');
    expect(auditHref(filter)).toBe('/audit?source=REGISTRY&actor=user+eli');
    expect(auditHref(parseAuditFilter({}))).toBe('/audit');
  });

  it('says whether anything but paging narrows the list', () => {
    expect(isFiltered(parseAuditFilter({ after: 'c50' }))).toBe(false);
    expect(isFiltered(parseAuditFilter({ type: 'registry.ModelCreated' }))).toBe(true);
  });
});

describe('auditExportHref', () => {
  it('exports the unbroken span of the listed entries, or the whole chain', () => {
    expect(auditExportHref([57, 12, 40])).toBe('/api/audit/export?from=12&to=57');
    expect(auditExportHref([])).toBe('/api/audit/export');
  });
});
