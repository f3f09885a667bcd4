import { describe, expect, it } from 'vitest';
import { forwardedRequestHeaders, gatewayDownloadUrl, passedBackHeaders } from './artifact-download';

const version = '0b6e1c2a-4d1f-4c52-8c8e-2a9a1d4f7e10';

describe('gatewayDownloadUrl', () => {
  it("maps a portal download path onto the gateway's artifact route, encoding kept", () => {
    expect(
      gatewayDownloadUrl(
        `/api/artifacts/versions/${version}/files/model/a%20b.bin`,
        'http://127.0.0.1:4000/graphql',
      )?.href,
    ).toBe(`http://127.0.0.1:4000/artifacts/versions/${version}/files/model/a%20b.bin`);
  });

  it('refuses anything but a file download', () => {
    const gateway = 'http://127.0.0.1:4000/graphql';
    expect(gatewayDownloadUrl(`/api/artifacts/versions/${version}/bundle`, gateway)).toBeNull();
    expect(gatewayDownloadUrl(`/api/artifacts/versions/${version}/files/`, gateway)).toBeNull();
    expect(gatewayDownloadUrl('/api/artifacts/uploads/x/parts/1', gateway)).toBeNull();
    expect(gatewayDownloadUrl('/api/graphql', gateway)).toBeNull();
  });
});

describe('headers', () => {
  it('forwards ranges and validators only, and asks for the bytes uncompressed', () => {
    const incoming = new Headers({
      range: 'bytes=0-9',
      'if-none-match': '"x"',
      cookie: 'secret',
      authorization: 'no',
    });
    expect(forwardedRequestHeaders(incoming)).toEqual({
      'accept-encoding': 'identity',
      range: 'bytes=0-9',
      'if-none-match': '"x"',
    });
  });

  it('passes back sizes, ranges, validators and the file name, and keeps caches private', () => {
    const upstream = new Headers({
      'content-length': '10',
      'content-range': 'bytes 0-9/100',
      etag: '"sha256:ab"',
      'content-disposition': 'attachment; filename=model.bin',
      'set-cookie': 'no',
    });
    const headers = passedBackHeaders(upstream, 'req-12345678');
    expect(headers.get('content-length')).toBe('10');
    expect(headers.get('content-range')).toBe('bytes 0-9/100');
    expect(headers.get('etag')).toBe('"sha256:ab"');
    expect(headers.get('content-disposition')).toBe('attachment; filename=model.bin');
    expect(headers.get('set-cookie')).toBeNull();
    expect(headers.get('cache-control')).toBe('private, no-cache, no-transform');
    expect(headers.get('x-request-id')).toBe('req-12345678');
  });
});
