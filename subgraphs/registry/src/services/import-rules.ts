import { jsonObject, plainText } from '@cairn/input-rules';
import { z } from 'zod';

/** A manifest of 100,000 files with long paths stays under this; anything larger is not one. */
export const MAX_BUNDLE_MANIFEST_LENGTH = 32 * 1024 * 1024;

/**
 * `importModelVersion`'s input. Provenance and card are not separate fields: they come from the
 * bundle's manifest, whose digest is checked, so nothing can change them between export and import.
 */
export const importModelVersionRules = z.object({
  modelId: z.string().min(1, 'must not be empty'),
  bundleManifest: z
    .string()
    .min(1, 'must not be empty')
    .max(MAX_BUNDLE_MANIFEST_LENGTH, `must be at most ${MAX_BUNDLE_MANIFEST_LENGTH} characters`),
  hyperparameters: jsonObject(64 * 1024),
  importedFrom: z.object({
    instance: plainText(1, 500),
    versionId: plainText(1, 200),
    manifestDigest: z
      .string()
      .regex(/^sha256:[0-9a-f]{64}$/, 'must be `sha256:` and 64 lowercase hex digits'),
    exportedAt: z.coerce.date({ message: 'must be a date and time' }),
  }),
});
export type ImportModelVersionCommand = z.infer<typeof importModelVersionRules>;
