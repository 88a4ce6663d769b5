import { BootstrapError } from './bootstrap-error.js';

/**
 * The JSON values of a file that may hold several concatenated outputs
 * (`aws elbv2 describe-load-balancers > dump.json; aws elbv2 describe-listeners ... >> dump.json`).
 * Each value is found by bracket depth outside strings, then parsed by JSON.parse.
 */
export function parseJsonStream(text: string, fileName: string): unknown[] {
  const values: unknown[] = [];
  let depth = 0;
  let start = -1;
  let isInString = false;
  let isEscaped = false;
  for (let index = 0; index < text.length; index += 1) {
    const character = text[index];
    if (isInString) {
      if (isEscaped) isEscaped = false;
      else if (character === '\\') isEscaped = true;
      else if (character === '"') isInString = false;
      continue;
    }
    if (character === '"') {
      if (depth === 0) throw new BootstrapError(`${fileName}:${lineAt(text, index)}: expected a JSON object or array, found a string`);
      isInString = true;
    } else if (character === '{' || character === '[') {
      if (depth === 0) start = index;
      depth += 1;
    } else if (character === '}' || character === ']') {
      depth -= 1;
      if (depth < 0) throw new BootstrapError(`${fileName}:${lineAt(text, index)}: unexpected '${character}'`);
      if (depth === 0) values.push(parseOne(text.slice(start, index + 1), fileName, lineAt(text, start)));
    } else if (depth === 0 && character !== undefined && !/\s/.test(character)) {
      throw new BootstrapError(`${fileName}:${lineAt(text, index)}: expected a JSON object (the output of an aws describe-* command)`);
    }
  }
  if (depth !== 0 || isInString) throw new BootstrapError(`${fileName}:${lineAt(text, text.length)}: the JSON ends early`);
  return values;
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let position = 0; position < index && position < text.length; position += 1) if (text[position] === '\n') line += 1;
  return line;
}

function parseOne(json: string, fileName: string, line: number): unknown {
  try {
    return JSON.parse(json) as unknown;
  } catch (error) {
    throw new BootstrapError(`${fileName}:${line}: not valid JSON: ${(error as Error).message}`);
  }
}
