// ALB condition wildcards: `*` matches zero or more characters, `?` exactly one
// (headers-and-routing.md §2 [D4][M1]). Only query-string values may escape a literal `*` or `?`
// with `\` [M1 QueryStringConditionConfig]; elsewhere a backslash is an ordinary character.
type Token = { kind: 'star' } | { kind: 'one' } | { kind: 'literal'; char: string };

export interface WildcardOptions {
  readonly isCaseInsensitive: boolean;
  readonly hasEscapes: boolean;
}

function tokenize(pattern: string, hasEscapes: boolean): Token[] {
  const tokens: Token[] = [];
  const chars = [...pattern];
  for (let index = 0; index < chars.length; index++) {
    const char = chars[index] ?? '';
    const next = chars[index + 1];
    if (hasEscapes && char === '\\' && (next === '*' || next === '?')) {
      tokens.push({ kind: 'literal', char: next });
      index++;
    } else if (char === '*') {
      tokens.push({ kind: 'star' });
    } else if (char === '?') {
      tokens.push({ kind: 'one' });
    } else {
      tokens.push({ kind: 'literal', char });
    }
  }
  return tokens;
}

/** Whether `text` matches `pattern` as a whole. Linear backtracking over the last `*` only. */
export function wildcardMatch(pattern: string, text: string, options: WildcardOptions): boolean {
  const fold = (value: string) => (options.isCaseInsensitive ? value.toLowerCase() : value);
  const tokens = tokenize(fold(pattern), options.hasEscapes);
  const subject = [...fold(text)];
  let tokenIndex = 0;
  let charIndex = 0;
  let starToken = -1;
  let starChar = 0;
  while (charIndex < subject.length) {
    const token = tokens[tokenIndex];
    if (token !== undefined && (token.kind === 'one' || (token.kind === 'literal' && token.char === subject[charIndex]))) {
      tokenIndex++;
      charIndex++;
    } else if (token?.kind === 'star') {
      starToken = tokenIndex++;
      starChar = charIndex;
    } else if (starToken >= 0) {
      tokenIndex = starToken + 1;
      charIndex = ++starChar;
    } else {
      return false;
    }
  }
  while (tokens[tokenIndex]?.kind === 'star') tokenIndex++;
  return tokenIndex === tokens.length;
}
