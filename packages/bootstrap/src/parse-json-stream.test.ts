import { describe, expect, it } from 'vitest';
import { parseJsonStream } from './parse-json-stream.js';

describe('parseJsonStream', () => {
  it('reads one value, or several concatenated ones with braces inside strings', () => {
    expect(parseJsonStream('{"a": 1}\n', 'one.json')).toEqual([{ a: 1 }]);
    expect(parseJsonStream('{"a": "}{"}\n{\n  "b": ["\\"]"]\n}\n', 'two.json')).toEqual([{ a: '}{' }, { b: ['"]'] }]);
  });

  it('names the file and line of what is not JSON', () => {
    expect(() => parseJsonStream('{"a": 1}\nLoadBalancers\n', 'dump.json')).toThrow('dump.json:2: expected a JSON object (the output of an aws describe-* command)');
    expect(() => parseJsonStream('{"a": 1,}\n', 'dump.json')).toThrow(/^dump\.json:1: not valid JSON: /);
    expect(() => parseJsonStream('{"a": [1\n', 'dump.json')).toThrow('dump.json:2: the JSON ends early');
  });
});
