/**
 * Field paths as callers read them: `card.limitations`, `tags[2]`, `hyperparameters["batch size"]`.
 * A key segment is shared by every path below it, so marking a key as sensitive once hides it in
 * all of them: a secret used as an object key must not come back inside a path.
 */

export interface KeySegment {
  key: string;
  redacted: boolean;
}
export type Segment = number | KeySegment;

export const REDACTED_KEY = '<redacted key>';
const IDENTIFIER = /^[A-Za-z_$][\w$-]*$/;

export function renderPath(segments: readonly Segment[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (segment.redacted) out += out === '' ? REDACTED_KEY : `.${REDACTED_KEY}`;
    else if (IDENTIFIER.test(segment.key)) out += out === '' ? segment.key : `.${segment.key}`;
    else out += `[${JSON.stringify(segment.key)}]`;
  }
  return out || '(root)';
}

/**
 * A path pattern for allow-lists: keys separated by dots, `*` for any one key, `[]` for any
 * array index, `[2]` for one index, `["a.b"]` for a key with odd characters, and `**` for any
 * number of segments (including none). `card.owners[].email`, `tags[]`, `card.**`.
 */
type PatternToken =
  | { kind: 'key'; key: string }
  | { kind: 'anyKey' }
  | { kind: 'anyIndex' }
  | { kind: 'index'; index: number }
  | { kind: 'anyDepth' };

const TOKEN = /\.?(\*\*|\*|\[\]|\[\d+\]|\["(?:[^"\\]|\\.)*"\]|[^.[\]]+)/gy;

export function parsePathPattern(pattern: string): PatternToken[] {
  const tokens: PatternToken[] = [];
  TOKEN.lastIndex = 0;
  let consumed = 0;
  for (let m = TOKEN.exec(pattern); m; m = TOKEN.exec(pattern)) {
    const part = m[1] as string;
    consumed = TOKEN.lastIndex;
    if (part === '**') tokens.push({ kind: 'anyDepth' });
    else if (part === '*') tokens.push({ kind: 'anyKey' });
    else if (part === '[]') tokens.push({ kind: 'anyIndex' });
    else if (part.startsWith('["'))
      tokens.push({ kind: 'key', key: JSON.parse(part.slice(1, -1)) as string });
    else if (part.startsWith('[')) tokens.push({ kind: 'index', index: Number(part.slice(1, -1)) });
    else tokens.push({ kind: 'key', key: part });
  }
  if (consumed !== pattern.length || tokens.length === 0) {
    throw new Error(`not a path pattern: ${JSON.stringify(pattern)}`);
  }
  return tokens;
}

export function matchesPattern(tokens: readonly PatternToken[], segments: readonly Segment[]): boolean {
  const [token, ...restTokens] = tokens;
  if (token === undefined) return segments.length === 0;
  if (token.kind === 'anyDepth') {
    for (let skip = 0; skip <= segments.length; skip++) {
      if (matchesPattern(restTokens, segments.slice(skip))) return true;
    }
    return false;
  }
  const [segment, ...restSegments] = segments;
  if (segment === undefined) return false;
  const fits =
    typeof segment === 'number'
      ? token.kind === 'anyIndex' || (token.kind === 'index' && token.index === segment)
      : token.kind === 'anyKey' || (token.kind === 'key' && token.key === segment.key);
  return fits && matchesPattern(restTokens, restSegments);
}
