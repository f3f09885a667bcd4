/**
 * Names and words for the Postgres search table. The table itself is created by the registry's
 * migration `1764100000000-create-model-search-document`; the engine does no DDL. Identifiers
 * cannot be bound as parameters, so every name that reaches SQL text is checked first.
 */

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

export function checkIdentifier(kind: string, name: string, maxLength = 63): string {
  if (!IDENTIFIER.test(name) || name.length > maxLength) {
    throw new Error(
      `${kind} ${JSON.stringify(name)} must match ${IDENTIFIER} and have at most ${maxLength} characters`,
    );
  }
  return name;
}

export const q = (name: string) => `"${name}"`;

/**
 * ASCII characters that are not letters or digits separate words; everything else (accented
 * letters, CJK, …) is part of a word. Documents are split the same way by the table's
 * `<table>_words` function (`[^0-9A-Za-z\u0080-\U0010FFFF]+`, in the migration), so
 * "card-fraud-scorer" is card/fraud/scorer on both sides and on both engines, like
 * Elasticsearch's standard analyzer. Without it, Postgres's parser would also index the
 * hyphenated whole and read "sklearn.ensemble" as a host name.
 */
const SEPARATORS_JS = /[^0-9A-Za-z\u0080-\u{10FFFF}]+/u;

/** The words of a query, split as documents are; not lowercased (the `simple` dictionary does it). */
export function queryTerms(text: string): string[] {
  return text.split(SEPARATORS_JS).filter(Boolean);
}
