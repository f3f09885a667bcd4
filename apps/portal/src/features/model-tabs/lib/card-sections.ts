import type { ModelCard } from '../graphql/model-card';

type TextKey = Exclude<keyof ModelCard, 'owners'>;

/** The card's text sections in the order a reader wants them, with their headings. */
export const CARD_SECTIONS: readonly { key: TextKey; title: string }[] = [
  { key: 'intendedUse', title: 'Intended use' },
  { key: 'outOfScopeUses', title: 'Out-of-scope uses' },
  { key: 'businessUseCases', title: 'Business use cases' },
  { key: 'assumptions', title: 'Assumptions' },
  { key: 'limitations', title: 'Limitations' },
  { key: 'ethicalConsiderations', title: 'Ethical considerations' },
  { key: 'evaluationSummary', title: 'Evaluation summary' },
];

const TITLES: Record<string, string> = {
  ...Object.fromEntries(CARD_SECTIONS.map((s) => [s.key, s.title])),
  owners: 'Owners',
};

/** Each section with its text, or null when the card leaves it empty. */
export function cardSections(card: ModelCard): { key: TextKey; title: string; text: string | null }[] {
  return CARD_SECTIONS.map(({ key, title }) => ({ key, title, text: card[key]?.trim() || null }));
}

/** The API names missing sections by field (`intendedUse`); people read headings. */
export function missingSectionTitles(missing: readonly string[]): string[] {
  return missing.map((key) => TITLES[key] ?? key);
}

/** The card's text split into paragraphs at blank lines (sections are short Markdown). */
export function paragraphs(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
}
