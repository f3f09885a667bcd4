import { NotFoundError } from '@cairn/errors';
import type { Principal } from '@cairn/identity';
import DataLoader from 'dataloader';
import type { KnownModelVersion, ModelDirectory } from './model-directory';

/**
 * The versions one caller may see, for one request: every lookup in the request (entity
 * references, field resolvers, list filters) joins one batch and one directory query.
 */
export class VisibleVersions {
  private readonly loader: DataLoader<string, KnownModelVersion | null, string>;

  constructor(directory: ModelDirectory, principal: Principal) {
    this.loader = new DataLoader((ids) => directory.getVisibleMany(principal, ids), {
      cacheKeyFn: (id) => id.toLowerCase(),
    });
  }

  /** The version, or null when it does not exist or the caller may not see it. */
  find(id: string): Promise<KnownModelVersion | null> {
    return this.loader.load(id);
  }

  /** The version, or NOT_FOUND (as `kind` `id`, e.g. the training run that led to it). */
  async require(id: string, kind = 'ModelVersion', shownId = id): Promise<KnownModelVersion> {
    const version = await this.find(id);
    if (!version) throw new NotFoundError(kind, shownId);
    return version;
  }

  /** The items whose version the caller may see, in their order. */
  async filter<T>(items: readonly T[], versionIdOf: (item: T) => string): Promise<T[]> {
    const versions = await Promise.all(items.map((item) => this.find(versionIdOf(item))));
    return items.filter((_, i) => versions[i] !== null);
  }

  /**
   * A DataLoader batch keyed by version (or by something naming one): `load` runs only for the
   * keys whose version the caller may see and answers in their order; every other key gets a
   * NOT_FOUND, so the field asking for it fails as if the version did not exist.
   */
  async guard<K, V>(
    keys: readonly K[],
    versionIdOf: (key: K) => string,
    load: (visible: K[]) => Promise<V[]>,
  ): Promise<(V | NotFoundError)[]> {
    const versions = await Promise.all(keys.map((key) => this.find(versionIdOf(key))));
    const visible = keys.filter((_, i) => versions[i] !== null);
    const values = visible.length > 0 ? await load(visible) : [];
    let next = 0;
    return keys.map((key, i) =>
      versions[i] !== null ? values[next++]! : new NotFoundError('ModelVersion', versionIdOf(key)),
    );
  }
}
