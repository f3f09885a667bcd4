import type { NextConfig } from 'next';
import { SECURITY_HEADERS } from './src/lib/security/security-headers';

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // @cairn/config ships built CommonJS (dist/), so it needs no transpiling; keep it external
  // to the server bundle like any other dependency.
  serverExternalPackages: ['@cairn/config'],
  async headers() {
    return [{ source: '/:path*', headers: SECURITY_HEADERS }];
  },
};

export default nextConfig;
