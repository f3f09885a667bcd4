/**
 * The catalog search contract. Elasticsearch and PostgreSQL full-text search both implement it
 * and both pass the same contract suite (`contract.ts`), so the engines cannot drift apart.
 */

/**
 * Who may see a model: `PRIVATE`, its team's members (plus whoever reads everything);
 * `INTERNAL`, everyone signed in. The registry's event contract (`@cairn/events`) names the same two.
 */
export type DocumentVisibility = 'PRIVATE' | 'INTERNAL';

/** What is indexed for one model: the registry's view, flattened for search. */
export interface ModelSearchDocument {
  id: string;
  name: string;
  description: string;
  teamSlug: string;
  teamName: string;
  task: string | null;
  framework: string | null;
  license: string | null;
  tags: string[];
  visibility: DocumentVisibility;
  /** Archived models are left out of searches unless the request includes them. */
  archived: boolean;
  latestVersion: number | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface ModelSearchFilters {
  teams?: string[];
  tasks?: string[];
  frameworks?: string[];
  /** A model matches when it has every one of these tags. */
  tags?: string[];
}

/**
 * What the caller may see: every `INTERNAL` model, plus the `PRIVATE` models of these teams (or
 * of every team: `all`). Engines apply it before anything is counted, so hits, `total` and every
 * facet count agree with what the caller could open; a hidden model changes no number.
 */
export interface SearchAccess {
  privateTeams: readonly string[] | 'all';
}

/** Sees every model: maintenance jobs and tests, never a request on a user's behalf. */
export const SEES_EVERYTHING: SearchAccess = { privateTeams: 'all' };

export interface ModelSearchRequest {
  /** Required, so no caller can forget it. */
  access: SearchAccess;
  /** Free text. Empty or whitespace: every model (filtered), ordered by name. */
  text: string;
  filters?: ModelSearchFilters;
  /** 1–100. */
  first: number;
  /** How many hits to skip: the decoded form of an opaque cursor handed out with a page. */
  offset: number;
  /** Archived models count too; by default they are matched, counted and aggregated nowhere. */
  includeArchived?: boolean;
}

export interface ModelSearchHit {
  id: string;
  score: number;
}

export interface FacetCount {
  value: string;
  count: number;
}

export interface ModelSearchResponse {
  total: number;
  hits: ModelSearchHit[];
  /**
   * Counts for teams, tasks, frameworks and tags over the whole result (not the page), most
   * frequent first, then by value, at most 50 each. Disjunctive, as in most faceted search:
   * each kind is counted over the models the text finds filtered by every OTHER kind's filter
   * but not its own, so after ticking team A the team facet still lists team B with the count
   * ticking B too would add. Tags are the exception: selected tags combine with AND, so the tag
   * facet is counted with every filter, the selected tags included. `total` and `hits` always
   * obey every filter.
   */
  facets: { teams: FacetCount[]; tasks: FacetCount[]; frameworks: FacetCount[]; tags: FacetCount[] };
}

export interface SearchEngine {
  /** `elasticsearch` or `postgres`. */
  readonly kind: string;
  /** Creates the index (or table) if missing. Safe to call on every start. */
  ensureReady(): Promise<void>;
  /** Inserts or replaces documents by id. Idempotent. */
  upsert(documents: ModelSearchDocument[]): Promise<void>;
  remove(ids: string[]): Promise<void>;
  search(request: ModelSearchRequest): Promise<ModelSearchResponse>;
  /**
   * Rebuilds from scratch: writes every document into a fresh index and switches readers to
   * it only when complete, so searches keep answering during the rebuild.
   */
  rebuild(documents: AsyncIterable<ModelSearchDocument[]>): Promise<{ indexed: number }>;
  /** Makes writes visible to searches now (tests, after a rebuild). */
  refresh(): Promise<void>;
  /**
   * True when the index was built for an older document shape (a mapping version bump): writes
   * and access filters need the new shape, so the owner must `rebuild` before indexing. Engines
   * whose shape a migration changes in place leave it out.
   */
  needsRebuild?(): Promise<boolean>;
  /**
   * Throws `SearchEngineUnavailableError` when the engine cannot be reached. Engines that live
   * in the database leave it out: the database check covers them.
   */
  ping?(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The engine cannot be reached, or is overloaded, or its index is missing: retry later. The
 * message carries driver text for logs; callers answer users with their own words.
 */
export class SearchEngineUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SearchEngineUnavailableError';
  }
}
