import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disjunctiveFacetsOf, facetsOf } from './contract-expectations';
import { byName, CATALOG, namesOf, replacementCatalog } from './contract-fixtures';
import { describeVisibilityContract } from './contract-visibility';
import {
  type ModelSearchDocument,
  type ModelSearchFilters,
  type ModelSearchResponse,
  SEES_EVERYTHING,
  type SearchEngine,
} from './search-engine';

/**
 * The behaviour every `SearchEngine` must show, run against a real backend by each engine's
 * test file. Expectations are stated as sets of model names: relevance scores differ between
 * engines, so only "the exact name comes first" and the name order of empty-text results are
 * ordered checks.
 *
 * Semantics both engines implement:
 * - a query's words must all occur in the model, each in any field (name, description, tags,
 *   team name or slug, task, framework); the last word also matches as a prefix;
 * - words are split at ASCII punctuation ("card-fraud-scorer" is card/fraud/scorer) and compared
 *   case-insensitively, without stemming;
 * - filters: ANY of the values within teams, tasks and frameworks, ALL of the tags, AND across
 *   kinds; a missing or empty list does not constrain;
 * - facets are disjunctive: each kind counts the models the text finds filtered by every OTHER
 *   kind's filter but not its own, so a value's count is what ticking it would add (teams
 *   still lists every team after one is ticked); tags are the exception, counted with every
 *   filter including the tags', since ticking another tag narrows the result (AND). `total` and
 *   `hits` obey every filter. Most frequent first, then by value, at most 50 per facet.
 *
 * Deliberately not in the contract: typo tolerance. Elasticsearch matches words of 8+ characters
 * with up to two edits (5+ with one), "recomendation" finds "recommendation"; Postgres full-text
 * search has no edit distance, and pg_trgm would be an extension to install and a second
 * matching rule to keep in step. The Elasticsearch test file checks it on its own.
 *
 * `createEngine` must return an engine over a new, empty namespace (index prefix, schema) on
 * every call: tests that write get their own engine, and tests that only read share one.
 */
export function describeSearchEngineContract(name: string, createEngine: () => Promise<SearchEngine>): void {
  const opened: SearchEngine[] = [];

  async function engineWith(documents: ModelSearchDocument[] = CATALOG): Promise<SearchEngine> {
    const engine = await createEngine();
    opened.push(engine);
    await engine.ensureReady();
    await engine.upsert(documents);
    await engine.refresh();
    return engine;
  }

  const search = (
    engine: SearchEngine,
    text: string,
    filters?: ModelSearchFilters,
    first = 100,
    offset = 0,
  ) => engine.search({ access: SEES_EVERYTHING, text, filters, first, offset });

  const names = (response: ModelSearchResponse) => namesOf(response.hits.map((hit) => hit.id));
  const sorted = (values: string[]) => [...values].sort();

  const TEAM = {
    fraud: CATALOG.filter((m) => m.teamSlug === 'fraud-detection').map((m) => m.name),
    recommendations: CATALOG.filter((m) => m.teamSlug === 'recommendations').map((m) => m.name),
    search: CATALOG.filter((m) => m.teamSlug === 'search-ranking').map((m) => m.name),
  };
  const ALL_BY_NAME = CATALOG.map((m) => m.name).sort();
  /** What the text `realtime` finds: the models tagged so. */
  const REALTIME = sorted(CATALOG.filter((m) => m.tags.includes('realtime')).map((m) => m.name));

  describe(`SearchEngine contract: ${name}`, () => {
    afterAll(async () => {
      for (const engine of opened) await engine.close();
    });

    describe('reading a seeded catalog', () => {
      let engine: SearchEngine;
      beforeAll(async () => {
        engine = await engineWith();
      });

      it('ranks the model named exactly as the query first, whatever the case', async () => {
        for (const text of ['fraud-graph', 'Fraud-Graph']) {
          const response = await search(engine, text);
          expect(names(response)[0]).toBe('fraud-graph');
          expect(sorted(names(response))).toEqual(['fraud-graph', 'fraud-graph-embeddings']);
        }
      });

      it('finds models by whole and partial words, the last word as a prefix', async () => {
        expect(sorted(names(await search(engine, 'fraud')))).toEqual(sorted(TEAM.fraud));
        expect(sorted(names(await search(engine, 'frau')))).toEqual(sorted(TEAM.fraud));
        expect(sorted(names(await search(engine, 'recommend')))).toEqual(
          sorted([...TEAM.recommendations, 'related-searches']),
        );
        expect(names(await search(engine, 'card fra'))).toEqual(['card-fraud-scorer']);
        expect(names(await search(engine, 'scorer'))).toEqual(['card-fraud-scorer']);
      });

      it('matches words from descriptions, tags, team names, tasks and frameworks', async () => {
        expect(names(await search(engine, 'chargebacks'))).toEqual(['chargeback-predictor']);
        expect(names(await search(engine, 'laundering'))).toEqual(['aml-transaction-monitor']);
        expect(sorted(names(await search(engine, 'lightgbm')))).toEqual([
          'chargeback-predictor',
          'email-digest-ranker',
          'learning-to-rank',
        ]);
        expect(sorted(names(await search(engine, 'Search Ranking')))).toEqual(sorted(TEAM.search));
        expect(sorted(names(await search(engine, 'anomaly')))).toEqual([
          'account-takeover-detector',
          'aml-transaction-monitor',
        ]);
      });

      it('needs every word, each from any field', async () => {
        expect(names(await search(engine, 'pytorch embeddings'))).toEqual(['fraud-graph-embeddings']);
        expect(names(await search(engine, 'payments realtime'))).toEqual(['card-fraud-scorer']);
        expect((await search(engine, 'payments tensorflow')).total).toBe(0);
      });

      it('finds nothing for text without words', async () => {
        const response = await search(engine, ' -- / ');
        expect(response.total).toBe(0);
        expect(response.hits).toEqual([]);
      });

      it('returns every model ordered by name for empty or blank text', async () => {
        for (const text of ['', '   ']) {
          const response = await search(engine, text);
          expect(response.total).toBe(CATALOG.length);
          expect(names(response)).toEqual(ALL_BY_NAME);
        }
      });

      it('filters: any value within a kind, all tags, every kind at once', async () => {
        const filtered = async (filters: ModelSearchFilters, text = '') => {
          const response = await search(engine, text, filters);
          expect(response.total).toBe(response.hits.length);
          return sorted(names(response));
        };
        expect(await filtered({ teams: ['fraud-detection'] })).toEqual(sorted(TEAM.fraud));
        expect(await filtered({ teams: ['fraud-detection', 'recommendations'] })).toEqual(
          sorted([...TEAM.fraud, ...TEAM.recommendations]),
        );
        expect(await filtered({ teams: ['recommendations'], frameworks: ['pytorch', 'tensorflow'] })).toEqual(
          ['home-feed-recommender', 'similar-items'],
        );
        expect(await filtered({ tasks: ['ranking'] })).toEqual(['email-digest-ranker', 'learning-to-rank']);
        expect(await filtered({ tags: ['realtime'] })).toEqual([
          'account-takeover-detector',
          'autocomplete-suggester',
          'card-fraud-scorer',
          'home-feed-recommender',
          'learning-to-rank',
        ]);
        expect(await filtered({ tags: ['realtime', 'payments'] })).toEqual(['card-fraud-scorer']);
        expect(await filtered({ frameworks: ['pytorch'] }, 'frau')).toEqual([
          'fraud-graph',
          'fraud-graph-embeddings',
        ]);
        expect(await filtered({ teams: ['no-such-team'] })).toEqual([]);
      });

      it('ignores missing and empty filter lists', async () => {
        const response = await search(engine, '', { teams: [], tasks: [], frameworks: [], tags: [] });
        expect(response.total).toBe(CATALOG.length);
      });

      it('counts facets over the whole result, not the page', async () => {
        const everything = await search(engine, '', undefined, 1);
        expect(everything.facets).toEqual(facetsOf(CATALOG));

        const recommendations = await search(engine, '', { teams: ['recommendations'] }, 2);
        expect(recommendations.hits).toHaveLength(2);
        expect(recommendations.total).toBe(TEAM.recommendations.length);
        expect(recommendations.facets).toEqual(disjunctiveFacetsOf(CATALOG, { teams: ['recommendations'] }));

        const realtimeFilters = { frameworks: ['pytorch', 'lightgbm'] };
        const realtime = await search(engine, 'realtime', realtimeFilters);
        expect(sorted(names(realtime))).toEqual([
          'autocomplete-suggester',
          'home-feed-recommender',
          'learning-to-rank',
        ]);
        expect(realtime.facets).toEqual(disjunctiveFacetsOf(REALTIME.map(byName), realtimeFilters));
      });

      it("counts a facet without its own kind's filter: every team stays listed after one is ticked", async () => {
        expect(sorted(names(await search(engine, 'realtime')))).toEqual(REALTIME);

        const fraud = await search(engine, 'realtime', { teams: ['fraud-detection'] });
        expect(fraud.total).toBe(2);
        expect(sorted(names(fraud))).toEqual(['account-takeover-detector', 'card-fraud-scorer']);
        // Every team the text finds, each with the count ticking it would add.
        expect(fraud.facets.teams).toEqual([
          { value: 'fraud-detection', count: 2 },
          { value: 'search-ranking', count: 2 },
          { value: 'recommendations', count: 1 },
        ]);
        // The other kinds obey the team filter.
        expect(fraud.facets.tasks).toEqual([
          { value: 'anomaly-detection', count: 1 },
          { value: 'classification', count: 1 },
        ]);
        expect(fraud.facets.frameworks).toEqual([
          { value: 'sklearn', count: 1 },
          { value: 'xgboost', count: 1 },
        ]);

        const everyTeam = await search(engine, '', { teams: ['recommendations'] });
        expect(everyTeam.total).toBe(TEAM.recommendations.length);
        expect(everyTeam.facets.teams).toEqual([
          { value: 'fraud-detection', count: TEAM.fraud.length },
          { value: 'search-ranking', count: TEAM.search.length },
          { value: 'recommendations', count: TEAM.recommendations.length },
        ]);
      });

      it("counts each facet with every other kind's filter: team and task ticked", async () => {
        const filters = { teams: ['fraud-detection'], tasks: ['classification'] };
        const response = await search(engine, '', filters);
        expect(response.total).toBe(3);
        expect(sorted(names(response))).toEqual(['card-fraud-scorer', 'chargeback-predictor', 'fraud-graph']);
        // Teams: classification models only (churn-oracle is the one outside fraud-detection).
        expect(response.facets.teams).toEqual([
          { value: 'fraud-detection', count: 3 },
          { value: 'recommendations', count: 1 },
        ]);
        // Tasks: fraud-detection models only.
        expect(response.facets.tasks).toEqual([
          { value: 'classification', count: 3 },
          { value: 'anomaly-detection', count: 2 },
          { value: 'embedding', count: 1 },
        ]);
        // Frameworks and tags: no filter of their own, so both filters apply.
        expect(response.facets.frameworks).toEqual([
          { value: 'lightgbm', count: 1 },
          { value: 'pytorch', count: 1 },
          { value: 'xgboost', count: 1 },
        ]);
        expect(response.facets).toEqual(disjunctiveFacetsOf(CATALOG, filters));

        const withText = { ...filters, frameworks: ['pytorch', 'xgboost'] };
        expect((await search(engine, 'fraud', withText)).facets).toEqual(
          disjunctiveFacetsOf(TEAM.fraud.map(byName), withText),
        );
      });

      it('counts tags with every filter, the selected tags included: tags combine with AND', async () => {
        const realtime = await search(engine, '', { tags: ['realtime'] });
        expect(realtime.total).toBe(REALTIME.length);
        expect(realtime.facets.tags).toEqual([
          { value: 'realtime', count: 5 },
          { value: 'fraud', count: 1 },
          { value: 'payments', count: 1 },
          { value: 'personalisation', count: 1 },
          { value: 'query', count: 1 },
          { value: 'security', count: 1 },
        ]);

        const both = await search(engine, '', { tags: ['realtime', 'payments'] });
        expect(names(both)).toEqual(['card-fraud-scorer']);
        expect(both.facets.tags).toEqual([
          { value: 'fraud', count: 1 },
          { value: 'payments', count: 1 },
          { value: 'realtime', count: 1 },
        ]);

        // The tag filter applies to the other facets; a team filter to the tag facet.
        const fraud = await search(engine, '', { tags: ['realtime'], teams: ['fraud-detection'] });
        expect(fraud.total).toBe(2);
        expect(fraud.facets.teams).toEqual([
          { value: 'fraud-detection', count: 2 },
          { value: 'search-ranking', count: 2 },
          { value: 'recommendations', count: 1 },
        ]);
        expect(fraud.facets.tags).toEqual([
          { value: 'realtime', count: 2 },
          { value: 'fraud', count: 1 },
          { value: 'payments', count: 1 },
          { value: 'security', count: 1 },
        ]);
      });

      it('pages with first/offset over every hit exactly once, with the full total on each page', async () => {
        const seen: string[] = [];
        for (let offset = 0; offset < CATALOG.length; offset += 5) {
          const page = await search(engine, '', undefined, 5, offset);
          expect(page.total).toBe(CATALOG.length);
          expect(page.hits.length).toBe(Math.min(5, CATALOG.length - offset));
          seen.push(...names(page));
        }
        expect(seen).toEqual(ALL_BY_NAME);

        const matching = sorted(names(await search(engine, 'realtime')));
        const paged: string[] = [];
        for (let offset = 0; offset < matching.length; offset += 2) {
          const page = await search(engine, 'realtime', undefined, 2, offset);
          expect(page.total).toBe(matching.length);
          paged.push(...names(page));
        }
        expect(sorted(paged)).toEqual(matching);
        expect(new Set(paged).size).toBe(paged.length);

        const past = await search(engine, '', undefined, 5, 100);
        expect(past.hits).toEqual([]);
        expect(past.total).toBe(CATALOG.length);
      });

      it('rejects a page size outside 1–100 and a negative offset', async () => {
        for (const [first, offset] of [
          [0, 0],
          [101, 0],
          [10, -1],
        ] as const) {
          await expect(
            engine.search({ access: SEES_EVERYTHING, text: '', first, offset }),
          ).rejects.toMatchObject({
            code: 'BAD_USER_INPUT',
          });
        }
      });
    });

    describeVisibilityContract(engineWith);

    describe('writing', () => {
      it('upsert replaces a model by id: a renamed model no longer matches its old name', async () => {
        const engine = await engineWith();
        const churn = byName('churn-oracle');
        await engine.upsert([{ ...churn, name: 'retention-forecaster' }]);
        await engine.upsert([{ ...churn, name: 'retention-forecaster' }]);
        await engine.refresh();
        expect((await search(engine, 'oracle')).total).toBe(0);
        const renamed = await search(engine, 'forecaster');
        expect(renamed.hits.map((hit) => hit.id)).toEqual([churn.id]);
        expect((await search(engine, '')).total).toBe(CATALOG.length);
      });

      it('leaves archived models out of hits, totals and facets unless asked to include them', async () => {
        const engine = await engineWith();
        await engine.upsert([{ ...byName('churn-oracle'), archived: true }]);
        await engine.refresh();
        const found = await search(engine, 'churn oracle');
        expect(found.total).toBe(0);
        const everything = await search(engine, '');
        expect(everything.total).toBe(CATALOG.length - 1);
        expect(everything.facets).toEqual(facetsOf(CATALOG.filter((m) => m.name !== 'churn-oracle')));
        const included = await engine.search({
          access: SEES_EVERYTHING,
          text: 'churn oracle',
          first: 10,
          offset: 0,
          includeArchived: true,
        });
        expect(namesOf(included.hits.map((hit) => hit.id))).toEqual(['churn-oracle']);
      });

      it('remove deletes models, and ignores ids it does not know', async () => {
        const engine = await engineWith();
        await engine.remove([byName('chargeback-predictor').id, byName('similar-items').id, 'no-such-model']);
        await engine.remove([]);
        await engine.refresh();
        expect((await search(engine, 'chargebacks')).total).toBe(0);
        const rest = await search(engine, '');
        expect(rest.total).toBe(CATALOG.length - 2);
        expect(rest.facets.teams).toEqual([
          { value: 'search-ranking', count: 6 },
          { value: 'fraud-detection', count: 5 },
          { value: 'recommendations', count: 4 },
        ]);
      });

      it('rebuild replaces the whole content while searches keep answering', async () => {
        const engine = await engineWith();
        const replacement = replacementCatalog();
        const oldIds = sorted(CATALOG.map((m) => m.id));
        const newIds = sorted(replacement.map((m) => m.id));
        let midway: ModelSearchResponse | undefined;
        async function* batches() {
          yield replacement.slice(0, 2);
          midway = await search(engine, '');
          yield replacement.slice(2);
        }

        // Searches run continuously through the rebuild; each sees the old or the new content, whole.
        let rebuilding = true;
        const answers: string[][] = [];
        const searching = (async () => {
          while (rebuilding) answers.push(sorted((await search(engine, '')).hits.map((hit) => hit.id)));
        })().then(
          () => null,
          (error: unknown) => error,
        );
        const result = await engine.rebuild(batches()).finally(() => {
          rebuilding = false;
        });
        expect(await searching).toBeNull();

        expect(result).toEqual({ indexed: replacement.length });
        expect(midway?.total).toBe(CATALOG.length);
        expect(answers.length).toBeGreaterThan(0);
        for (const ids of answers) expect([oldIds, newIds]).toContainEqual(ids);

        await engine.refresh();
        const after = await search(engine, '');
        expect(sorted(after.hits.map((hit) => hit.id))).toEqual(newIds);
        expect((await search(engine, 'chargebacks')).total).toBe(0);
        const merchant = replacement.find((m) => m.name === 'merchant-risk-profiler')!;
        expect((await search(engine, 'merchant')).hits.map((hit) => hit.id)).toEqual([merchant.id]);
        expect(names(await search(engine, 'retrained'))).toEqual(['card-fraud-scorer']);
      });

      it('keeps indexing after a rebuild, and rebuilds again', async () => {
        const engine = await engineWith();
        await engine.rebuild(
          (async function* () {
            yield replacementCatalog();
          })(),
        );
        await engine.upsert([byName('spell-corrector')]);
        await engine.remove([byName('fraud-graph').id]);
        await engine.refresh();
        expect((await search(engine, '')).total).toBe(6);
        expect(names(await search(engine, 'misspelled'))).toEqual(['spell-corrector']);

        const again = await engine.rebuild(
          (async function* () {
            yield CATALOG.slice(0, 4);
            yield [];
          })(),
        );
        expect(again).toEqual({ indexed: 4 });
        await engine.refresh();
        expect((await search(engine, '')).total).toBe(4);
        expect((await search(engine, 'misspelled')).total).toBe(0);
      });

      it('rebuilds an engine that was never written to', async () => {
        const engine = await createEngine();
        opened.push(engine);
        await engine.ensureReady();
        await engine.rebuild(
          (async function* () {
            yield CATALOG;
          })(),
        );
        await engine.refresh();
        expect((await search(engine, '')).total).toBe(CATALOG.length);
      });

      it('ensureReady is harmless when repeated, before and after writes', async () => {
        const empty = await createEngine();
        opened.push(empty);
        await empty.ensureReady();
        await empty.ensureReady();
        const nothing = await search(empty, 'fraud');
        expect(nothing.total).toBe(0);
        expect(nothing.facets).toEqual({ teams: [], tasks: [], frameworks: [], tags: [] });

        const seeded = await engineWith();
        await seeded.ensureReady();
        await seeded.refresh();
        expect((await search(seeded, '')).total).toBe(CATALOG.length);
      });
    });
  });
}
