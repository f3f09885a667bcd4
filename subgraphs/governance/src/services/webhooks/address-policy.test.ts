import { describe, expect, it } from 'vitest';
import { AddressPolicy, isPrivateAddress, unmapIPv4 } from './address-policy';

describe('webhook address policy', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.20.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    'fe80::1',
    'fc00::1',
    'fd12:3456::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:a9fe:a9fe',
    '64:ff9b::a00:1',
  ])('treats %s as private', (address) => {
    expect(isPrivateAddress(address)).toBe(true);
  });

  it.each(['8.8.8.8', '203.0.113.10', '2001:4860:4860::8888', '::ffff:8.8.8.8'])(
    'treats %s as public',
    (address) => {
      expect(isPrivateAddress(address)).toBe(false);
    },
  );

  it('reads IPv4-mapped IPv6 in both spellings', () => {
    expect(unmapIPv4('::ffff:7f00:1')).toBe('127.0.0.1');
    expect(unmapIPv4('::FFFF:10.0.0.1')).toBe('10.0.0.1');
    expect(unmapIPv4('2001:db8::1')).toBe('2001:db8::1');
  });

  it('refuses private targets and other schemes unless the allow-list permits them', async () => {
    const strict = new AddressPolicy([]);
    await expect(strict.resolve(new URL('http://127.0.0.1:9/hook'))).rejects.toThrow(/127.0.0.1, a private/);
    await expect(strict.resolve(new URL('http://[::ffff:127.0.0.1]/'))).rejects.toThrow(/private/);
    await expect(strict.resolve(new URL('http://localhost/'))).rejects.toThrow(/private/);
    await expect(strict.resolve(new URL('ftp://8.8.8.8/'))).rejects.toThrow(/http or https/);
    await expect(strict.resolve(new URL('https://8.8.8.8/hook'))).resolves.toEqual({
      addresses: [{ address: '8.8.8.8', family: 4 }],
    });

    const loopback = new AddressPolicy([
      { kind: 'cidr', address: '127.0.0.0', prefix: 8, family: 'ipv4' },
      { kind: 'host', host: 'hooks.internal' },
    ]);
    await expect(loopback.resolve(new URL('http://127.0.0.1:9/hook'))).resolves.toBeDefined();
    await expect(loopback.resolve(new URL('http://[::ffff:127.0.0.2]/'))).resolves.toBeDefined();
    await expect(loopback.resolve(new URL('http://10.0.0.1/'))).rejects.toThrow(/private/);
  });
});
