import { beforeAll, describe, expect, it } from 'vitest';
import { disjunctiveFacetsOf, facetsOf } from './contract-expectations';
import { byName, CATALOG, namesOf, PRIVATE_MODELS } from './contract-fixtures';
import type { ModelSearchDocument, ModelSearchFilters, SearchAccess, SearchEngine } from './search-engine';

/**
 * The access part of the contract: a model the caller may not see is matched, counted and
 * aggregated nowhere, so no hit, total or facet count differs from a catalog without it. Run
 * by `describeSearchEngineContract` on every engine.
 */
export function describeVisibilityContract(
  engineWith: (documents?: ModelSearchDocument[]) => Promise<SearchEngine>,
): void {
  const OUTSIDER: SearchAccess = { privateTeams: [] };
  const FRAUD_MEMBER: SearchAccess = { privateTeams: ['fraud-detection', 'no-such-team'] };
  const sorted = (values: string[]) => [...values].sort();
  /** What a caller with `access` may see of the catalog, by the contract's rule. */
  const visibleTo = (access: SearchAccess, catalog = CATALOG) =>
    catalog.filter(
      (m) =>
        m.visibility === 'INTERNAL' ||
        access.privateTeams === 'all' ||
        access.privateTeams.includes(m.teamSlug),
    );
  const search = (engine: SearchEngine, access: SearchAccess, text = '', filters?: ModelSearchFilters) =>
    engine.search({ access, text, filters, first: 100, offset: 0 });
  const names = (response: { hits: { id: string }[] }) => namesOf(response.hits.map((hit) => hit.id));

  describe('visibility', () => {
    let engine: SearchEngine;
    beforeAll(async () => {
      engine = await engineWith();
    });

    it('hides private models from hits, the total and every facet count of a caller outside their teams', async () => {
      const visible = visibleTo(OUTSIDER);
      expect(visible.length).toBe(CATALOG.length - PRIVATE_MODELS.length);
      const response = await search(engine, OUTSIDER);
      expect(response.total).toBe(visible.length);
      expect(sorted(names(response))).toEqual(sorted(visible.map((m) => m.name)));
      expect(response.facets).toEqual(facetsOf(visible));
      // Values that only private models carry are not listed at all, not even with 0.
      expect(response.facets.tags.map((f) => f.value)).not.toContain('compliance');
      expect(response.facets.tags.map((f) => f.value)).not.toContain('retention');
      expect(response.facets.tasks.map((f) => f.value)).not.toContain('embedding');
    });

    it('shows a team’s private models to its members, and no other team’s', async () => {
      const visible = visibleTo(FRAUD_MEMBER);
      const response = await search(engine, FRAUD_MEMBER);
      expect(sorted(names(response))).toEqual(sorted(visible.map((m) => m.name)));
      expect(names(response)).toContain('aml-transaction-monitor');
      expect(names(response)).not.toContain('churn-oracle');
      expect(response.total).toBe(visible.length);
      expect(response.facets).toEqual(facetsOf(visible));

      const all = await search(engine, { privateTeams: 'all' });
      expect(all.total).toBe(CATALOG.length);
      expect(all.facets).toEqual(facetsOf(CATALOG));
    });

    it('reveals a hidden model through no text, filter or facet', async () => {
      for (const text of ['laundering', 'aml-transaction-monitor', 'churn oracle', 'retention']) {
        const hidden = await search(engine, OUTSIDER, text);
        expect(hidden.total).toBe(0);
        expect(hidden.hits).toEqual([]);
        expect(hidden.facets).toEqual({ teams: [], tasks: [], frameworks: [], tags: [] });
      }
      const fraudText = await search(engine, OUTSIDER, 'fraud');
      const fraudVisible = visibleTo(OUTSIDER).filter((m) => m.teamSlug === 'fraud-detection');
      expect(sorted(names(fraudText))).toEqual(sorted(fraudVisible.map((m) => m.name)));
      expect(fraudText.facets).toEqual(facetsOf(fraudVisible));

      for (const filters of [
        { teams: ['fraud-detection'] },
        { teams: ['recommendations'], tasks: ['classification'] },
        { tags: ['compliance'] },
        { tasks: ['anomaly-detection'], frameworks: ['sklearn'] },
      ]) {
        const response = await search(engine, OUTSIDER, '', filters);
        expect(response.facets).toEqual(disjunctiveFacetsOf(visibleTo(OUTSIDER), filters));
        expect(response.total).toBe(response.hits.length);
        for (const name of names(response)) expect(PRIVATE_MODELS).not.toContain(name);
      }
      // Members count their own team's private models in the same facets.
      const member = await search(engine, FRAUD_MEMBER, '', { tags: ['compliance'] });
      expect(names(member)).toEqual(['aml-transaction-monitor']);
      expect(member.facets).toEqual(disjunctiveFacetsOf(visibleTo(FRAUD_MEMBER), { tags: ['compliance'] }));
    });

    it('applies a changed visibility on the next search', async () => {
      const changing = await engineWith();
      await changing.upsert([
        { ...byName('churn-oracle'), visibility: 'INTERNAL' },
        { ...byName('card-fraud-scorer'), visibility: 'PRIVATE' },
      ]);
      await changing.refresh();
      const outsider = names(await search(changing, OUTSIDER));
      expect(outsider).toContain('churn-oracle');
      expect(outsider).not.toContain('card-fraud-scorer');
      expect(names(await search(changing, FRAUD_MEMBER, 'card'))).toEqual(['card-fraud-scorer']);
    });

    it('refuses a search without the caller’s access rather than showing everything', async () => {
      await expect(
        engine.search({ text: '', first: 10, offset: 0 } as unknown as Parameters<SearchEngine['search']>[0]),
      ).rejects.toThrow(/access/);
    });
  });
}
