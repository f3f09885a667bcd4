import { describe, expect, it } from 'vitest';
import { catalogSearch, parseCatalogParams, searchFilters, toggleFacet } from './catalog-params';

const parse = (search: string) => parseCatalogParams(new URLSearchParams(search));

describe('catalog params', () => {
  it('reads the query and repeated facet parameters', () => {
    expect(parse('?q=fraud&team=fraud-detection&team=platform&tag=realtime')).toEqual({
      q: 'fraud',
      teams: ['fraud-detection', 'platform'],
      tasks: [],
      frameworks: [],
      tags: ['realtime'],
    });
  });

  it('drops blank and duplicate values and caps the query length', () => {
    const params = parse(`?q=${'a'.repeat(300)}&task=&task=%20&task=ranking&task=ranking`);
    expect(params.q).toHaveLength(200);
    expect(params.tasks).toEqual(['ranking']);
  });

  it('round-trips through the URL', () => {
    const search = '?q=churn+model&team=a&framework=xgboost&tag=x&tag=y';
    expect(catalogSearch(parse(search))).toBe(search);
    expect(catalogSearch(parse('?q=%20%20'))).toBe('');
  });

  it('toggles a facet value on and off', () => {
    const on = toggleFacet(parse(''), 'frameworks', 'pytorch');
    expect(on.frameworks).toEqual(['pytorch']);
    expect(toggleFacet(on, 'frameworks', 'pytorch').frameworks).toEqual([]);
  });

  it('builds API filters only for selected kinds', () => {
    expect(searchFilters(parse('?q=x'))).toBeNull();
    expect(searchFilters(parse('?team=a&tag=b'))).toEqual({ teams: ['a'], tags: ['b'] });
  });
});
