import { parseInput } from '@cairn/errors';
import { plainText, prose } from '@cairn/input-rules';
import { z } from 'zod';
import type { Completeness } from './provenance';

/**
 * A model card in the spirit of Mitchell et al. (2019), versioned with the model. The free-text
 * sections are Markdown. Everything is optional when saved; `cardCompleteness` says what a
 * reviewer would still ask for.
 */
const MAX_SECTION = 20_000;

export const ownerSchema = z.strictObject({
  name: plainText(1, 200),
  email: z.email('must be an email address').max(320).optional(),
  team: plainText(1, 200).optional(),
});

/** The prose sections in the order they are rendered. */
export const CARD_SECTIONS = [
  ['intendedUse', 'Intended use'],
  ['outOfScopeUses', 'Out-of-scope uses'],
  ['businessUseCases', 'Business use cases'],
  ['assumptions', 'Assumptions'],
  ['limitations', 'Limitations'],
  ['ethicalConsiderations', 'Ethical considerations'],
  ['evaluationSummary', 'Evaluation summary'],
] as const;

export type CardSection = (typeof CARD_SECTIONS)[number][0];

export const modelCardSchema = z.strictObject({
  intendedUse: prose(MAX_SECTION).optional(),
  outOfScopeUses: prose(MAX_SECTION).optional(),
  businessUseCases: prose(MAX_SECTION).optional(),
  assumptions: prose(MAX_SECTION).optional(),
  limitations: prose(MAX_SECTION).optional(),
  ethicalConsiderations: prose(MAX_SECTION).optional(),
  evaluationSummary: prose(MAX_SECTION).optional(),
  owners: z.array(ownerSchema).max(50, 'must list at most 50 owners').optional(),
});

export type ModelCardInput = z.input<typeof modelCardSchema>;
export type ModelCard = z.output<typeof modelCardSchema>;
export type ModelCardOwner = z.output<typeof ownerSchema>;

export function parseModelCard(input: unknown, pathPrefix = 'card'): ModelCard {
  return parseInput(modelCardSchema, input ?? {}, pathPrefix);
}

/** Sections left empty (whitespace counts as empty) and a missing owner, in rendering order. */
export function cardCompleteness(card: ModelCard | null | undefined): Completeness {
  const c = card ?? {};
  const missing: string[] = CARD_SECTIONS.filter(([key]) => !c[key]?.trim()).map(([key]) => key);
  if (!c.owners?.length) missing.push('owners');
  return { complete: missing.length === 0, missing };
}
