import { describe, expect, it } from 'vitest';
import type { ModelCard } from '../graphql/model-card';
import { CARD_SECTIONS, cardSections, missingSectionTitles, paragraphs } from './card-sections';

const card: ModelCard = {
  intendedUse: 'Scoring card transactions.',
  outOfScopeUses: '  ',
  businessUseCases: null,
  assumptions: 'Fresh features.',
  limitations: 'Drift.',
  ethicalConsiderations: 'Reviewed.',
  evaluationSummary: 'Holdout AUC.',
  owners: [],
};

describe('cardSections', () => {
  it('lists every text section in reading order, blank ones as null', () => {
    const sections = cardSections(card);
    expect(sections.map((s) => s.key)).toEqual(CARD_SECTIONS.map((s) => s.key));
    expect(sections[0]).toEqual({
      key: 'intendedUse',
      title: 'Intended use',
      text: 'Scoring card transactions.',
    });
    expect(sections[1]!.text).toBeNull();
    expect(sections[2]!.text).toBeNull();
  });
});

describe('missingSectionTitles', () => {
  it('names missing fields by their headings and keeps unknown ones as they are', () => {
    expect(missingSectionTitles(['outOfScopeUses', 'owners', 'somethingNew'])).toEqual([
      'Out-of-scope uses',
      'Owners',
      'somethingNew',
    ]);
  });
});

describe('paragraphs', () => {
  it('splits at blank lines and drops empty ones', () => {
    expect(paragraphs('One.\nStill one.\n\n  \nTwo.\n')).toEqual(['One.\nStill one.', 'Two.']);
  });
});
