import { describe, expect, it } from 'vitest';
import { activeTab, MODEL_TABS, tabPath } from './model-tabs';

const id = '6f1c2f7e-0d7a-4c57-9a8e-1f1b5c0e9a11';

describe('MODEL_TABS', () => {
  it('has one tab per section, the overview first, with distinct paths', () => {
    expect(MODEL_TABS.map((t) => t.id)).toEqual([
      'overview',
      'versions',
      'artifacts',
      'lineage',
      'compare',
      'aliases',
      'drift',
    ]);
    const paths = MODEL_TABS.map((t) => tabPath(id, t));
    expect(new Set(paths).size).toBe(paths.length);
    expect(paths[0]).toBe(`/models/${id}`);
    expect(paths[2]).toBe(`/models/${id}/artifacts`);
  });
});

describe('activeTab', () => {
  it('knows each tab by its path, with or without a trailing slash', () => {
    for (const tab of MODEL_TABS) {
      expect(activeTab(tabPath(id, tab), id)).toBe(tab.id);
      expect(activeTab(`${tabPath(id, tab)}/`, id)).toBe(tab.id);
    }
  });

  it('keeps deeper paths in their tab', () => {
    expect(activeTab(`/models/${id}/artifacts/extra`, id)).toBe('artifacts');
  });

  it('answers null for other models, unknown segments and look-alike prefixes', () => {
    expect(activeTab('/models/other', id)).toBeNull();
    expect(activeTab(`/models/${id}/settings`, id)).toBeNull();
    expect(activeTab(`/models/${id}x/versions`, id)).toBeNull();
    expect(activeTab('/', id)).toBeNull();
  });
});
