import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './load';
import { subgraphSchema } from './schemas';

const load = (env: Record<string, string>) =>
  loadConfig(subgraphSchema('governance'), { NODE_ENV: 'test', ...env });

describe('webhook settings', () => {
  it('reads the allow-list as host names, addresses and CIDR blocks', () => {
    const config = load({ WEBHOOK_ALLOWED_HOSTS: ' Hooks.Internal , 127.0.0.0/8,::1, 10.1.2.3' });
    expect(config.WEBHOOK_ALLOWED_HOSTS).toEqual([
      { kind: 'host', host: 'hooks.internal' },
      { kind: 'cidr', address: '127.0.0.0', prefix: 8, family: 'ipv4' },
      { kind: 'cidr', address: '::1', prefix: 128, family: 'ipv6' },
      { kind: 'cidr', address: '10.1.2.3', prefix: 32, family: 'ipv4' },
    ]);
    expect(load({}).WEBHOOK_ALLOWED_HOSTS).toEqual([]);
  });

  it('refuses entries it cannot read, naming each', () => {
    try {
      load({ WEBHOOK_ALLOWED_HOSTS: '10.0.0.0/33,bad host,host/8' });
      expect.unreachable('the allow-list should have been refused');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toEqual([
        expect.stringMatching(/WEBHOOK_ALLOWED_HOSTS: "10.0.0.0\/33": the prefix length must be 0 to 32/),
        expect.stringMatching(/"bad host" is not a host name/),
        expect.stringMatching(/"host\/8": a CIDR block needs an IP address/),
      ]);
    }
  });
});
