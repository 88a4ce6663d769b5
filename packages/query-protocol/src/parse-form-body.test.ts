import { describe, expect, it } from 'vitest';
import { parseFormBody } from './parse-form-body.js';
import { ServiceError } from './service-error.js';

function parse(body: string | Buffer, rawQuery = ''): Map<string, string> {
  return parseFormBody(typeof body === 'string' ? Buffer.from(body, 'utf8') : body, rawQuery);
}

function failure(run: () => unknown): ServiceError {
  try {
    run();
  } catch (error) {
    if (error instanceof ServiceError) return error;
    throw error;
  }
  throw new Error('expected a ServiceError');
}

describe('parseFormBody', () => {
  it('decodes pairs in order, with + as space and percent escapes as UTF-8', () => {
    const params = parse('Action=AddTags&Version=2015-12-01&Tags.member.1.Value=a+b%20c%C3%A9%E2%82%AC');
    expect([...params]).toEqual([
      ['Action', 'AddTags'],
      ['Version', '2015-12-01'],
      ['Tags.member.1.Value', 'a b cé€'],
    ]);
  });

  it('keeps raw UTF-8 in the body and decodes escaped names', () => {
    expect(parse('Na%6De=caf\u00e9').get('Name')).toBe('café');
  });

  it('merges the URL query string (first) with the body', () => {
    const params = parse('Name=x', 'Action=Ping&Version=2020-01-01');
    expect([...params.keys()]).toEqual(['Action', 'Version', 'Name']);
  });

  it('reads a parameter without = as an empty value and skips empty segments', () => {
    expect([...parse('&SecurityGroups=&&Flag')]).toEqual([
      ['SecurityGroups', ''],
      ['Flag', ''],
    ]);
  });

  it('accepts an empty body and query', () => {
    expect(parse('').size).toBe(0);
  });

  it('refuses a body that is not valid UTF-8', () => {
    const error = failure(() => parse(Buffer.from([0x41, 0x3d, 0xc3, 0x28])));
    expect(error.code).toBe('MalformedQueryString');
    expect(error.message).toBe('The request body is not valid UTF-8');
  });

  it.each([
    ['a lone %', 'Name=100%'],
    ['a non-hex escape', 'Name=%zz'],
    ['a truncated escape', 'Name=%4'],
    ['escapes that are not UTF-8', 'Name=%FF'],
    ['a truncated UTF-8 sequence', 'Name=%C3'],
    ['an escaped surrogate', 'Name=%ED%A0%80'],
  ])('refuses %s', (_label, body) => {
    const error = failure(() => parse(body));
    expect(error.code).toBe('MalformedQueryString');
    expect(error.statusCode).toBe(404);
    expect(error.message).toMatch(/^The request body contains a malformed percent-encoded sequence: /);
  });

  it('names the query string when the escape is there', () => {
    expect(failure(() => parse('', 'Action=%G0')).message).toBe(
      'The query string contains a malformed percent-encoded sequence: %G0',
    );
  });

  it('refuses a parameter given twice in the body', () => {
    const error = failure(() => parse('Name=a&Name=b'));
    expect(error.code).toBe('MalformedQueryString');
    expect(error.message).toBe('The parameter Name is given more than once');
  });

  it('refuses a parameter given in both the query string and the body, also when spelled differently', () => {
    expect(failure(() => parse('Na%6De=b', 'Name=a')).message).toBe('The parameter Name is given more than once');
  });
});
