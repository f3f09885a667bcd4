import { describe, expect, it } from 'vitest';
import { downloadRequestHeaders, gatewayDownloadUrl } from './artifact-download';

const version = '0b6e1c2a-4d1f-4c52-8c8e-2a9a1d4f7e10';
const gateway = 'http://127.0.0.1:4000/graphql';

describe('gatewayDownloadUrl', () => {
  it("maps a portal download path onto the gateway's artifact route, encoding kept", () => {
    expect(
      gatewayDownloadUrl(`/api/artifacts/versions/${version}/files/model/a%20b.bin`, gateway)?.href,
    ).toBe(`http://127.0.0.1:4000/artifacts/versions/${version}/files/model/a%20b.bin`);
  });

  it('refuses anything but a file download', () => {
    expect(gatewayDownloadUrl(`/api/artifacts/versions/${version}/bundle`, gateway)).toBeNull();
    expect(gatewayDownloadUrl(`/api/artifacts/versions/${version}/files/`, gateway)).toBeNull();
    expect(gatewayDownloadUrl('/api/artifacts/uploads/x/parts/1', gateway)).toBeNull();
    expect(gatewayDownloadUrl('/api/graphql', gateway)).toBeNull();
  });
});

describe('downloadRequestHeaders', () => {
  it('sends the token, the request id, ranges and validators, and nothing else of the browser', () => {
    const incoming = new Headers({
      range: 'bytes=0-9',
      'if-none-match': '"x"',
      cookie: 'session',
      host: 'portal',
    });
    const headers = Object.fromEntries(downloadRequestHeaders(incoming, 'tok', 'req-12345678').entries());
    expect(headers).toEqual({
      authorization: 'Bearer tok',
      'x-request-id': 'req-12345678',
      'accept-encoding': 'identity',
      range: 'bytes=0-9',
      'if-none-match': '"x"',
    });
  });
});
