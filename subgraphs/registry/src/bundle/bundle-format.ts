/**
 * The Cairn bundle: one version of a model as a self-contained tar, so it can move to another
 * Cairn instance (`importModelVersion`) or be archived. Entries, in this order:
 *
 * - `cairn-bundle.json`: a `CairnBundleDocument` (below). Always first, so a reader knows what
 *   follows before any bytes arrive.
 * - `files/<path>`: each file of the version, once per path, with exactly the bytes whose
 *   SHA-256 the manifest lists.
 * - `signature/model.sig` and `signature/key.pub`, when the version is signed: its Sigstore
 *   bundle (OpenSSF model-signing format) over `files/`, and the PEM public key, so
 *   `model_signing verify key files --signature signature/model.sig --public_key
 *   signature/key.pub` checks an extracted bundle with no Cairn code at all.
 *
 * The registry writes what it owns. Lineage and metrics live in other subgraphs, which the
 * registry must not read: an exporting client that wants them adds `lineage.json` and
 * `metrics.json` entries from the API. Readers ignore entries they do not know.
 *
 * Bump `BUNDLE_FORMAT_VERSION` on any change a reader of an earlier version could misread.
 */
export const BUNDLE_FORMAT = 'cairn-bundle';
export const BUNDLE_FORMAT_VERSION = 1;
export const BUNDLE_DOCUMENT_ENTRY = 'cairn-bundle.json';
export const BUNDLE_FILES_PREFIX = 'files/';
export const BUNDLE_SIGNATURE_ENTRY = 'signature/model.sig';
export const BUNDLE_PUBLIC_KEY_ENTRY = 'signature/key.pub';
export const BUNDLE_MEDIA_TYPE = 'application/vnd.cairn.bundle.v1+tar';

/** Where an imported version came from: the identity it had on the instance that exported it. */
export interface BundleOrigin {
  /** The exporting instance, when known; the registry does not know its public address. */
  instance: string | null;
  versionId: string;
  modelId: string;
  team: string;
  model: string;
  version: number;
  manifestDigest: string;
}

export interface CairnBundleDocument {
  format: typeof BUNDLE_FORMAT;
  formatVersion: typeof BUNDLE_FORMAT_VERSION;
  exportedAt: string;
  exportedBy: string;
  source: BundleOrigin;
  model: {
    team: string;
    name: string;
    description: string;
    task: string | null;
    framework: string | null;
    license: string | null;
    tags: string[];
  };
  version: {
    number: number;
    createdAt: string;
    createdBy: string;
    hyperparameters: Record<string, unknown>;
    provenance: Record<string, unknown>;
    card: Record<string, unknown> | null;
    /** The canonical manifest text exactly as stored: its SHA-256 is `manifestDigest`. */
    manifest: string;
    manifestDigest: string;
    /** Set when this version was itself imported: the chain back to where it was first made. */
    importedFrom: Record<string, unknown> | null;
  };
  files: { path: string; sha256: string; size: number; entry: string }[];
}

/** The tar entry name of a version file. */
export function bundleEntryName(path: string): string {
  return `${BUNDLE_FILES_PREFIX}${path}`;
}
