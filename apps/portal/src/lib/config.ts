import { loadConfig, type PortalConfig, portalSchema } from '@cairn/config';

let cached: PortalConfig | undefined;

/**
 * The portal's validated configuration, server side only. Loaded on first use rather than at
 * import, so `next build` (which imports route modules) needs no runtime secrets.
 */
export function portalConfig(): PortalConfig {
  if (!cached) {
    cached = loadConfig(portalSchema);
    // next-auth 4 finds its own public URL only through NEXTAUTH_URL. This is the one place
    // that hands it over, from the validated config, so the two can never disagree.
    process.env.NEXTAUTH_URL = cached.PORTAL_URL;
  }
  return cached;
}
