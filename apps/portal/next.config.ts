import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // @cairn/config ships built CommonJS (dist/), so it needs no transpiling; keep it external
  // to the server bundle like any other dependency.
  serverExternalPackages: ['@cairn/config'],
};

export default nextConfig;
