import { describe, expect, it } from 'vitest';
import { assertTargetGroupNameLength, assertValidTargetGroupName } from './target-group-name.js';

describe('assertValidTargetGroupName', () => {
  it.each(['a', 'my-targets', 'A1-b2-C3', 'x'.repeat(32)])('accepts %s', (name) => {
    expect(() => assertValidTargetGroupName(name)).not.toThrow();
  });

  it('refuses a name longer than 32 characters', () => {
    const name = 'x'.repeat(33);
    expect(() => assertValidTargetGroupName(name)).toThrow(
      expect.objectContaining({ code: 'ValidationError', message: `Target group name '${name}' cannot be longer than '32' characters` }),
    );
  });

  it.each(['my_targets', 'my.targets', 'tg with space', ''])('refuses characters other than alphanumerics and hyphens: %j', (name) => {
    expect(() => assertValidTargetGroupName(name)).toThrow(
      expect.objectContaining({
        code: 'ValidationError',
        message: `Target group name '${name}' can only contain characters that are alphanumeric characters or hyphens(-)`,
      }),
    );
  });

  it.each(['-lead', 'trail-', '-'])('refuses a leading or trailing hyphen: %s', (name) => {
    expect(() => assertValidTargetGroupName(name)).toThrow(
      expect.objectContaining({ code: 'ValidationError', message: `Target group name '${name}' cannot begin or end with '-'` }),
    );
  });
});

describe('assertTargetGroupNameLength', () => {
  it('only checks the length', () => {
    expect(() => assertTargetGroupNameLength('bad_name')).not.toThrow();
    expect(() => assertTargetGroupNameLength('y'.repeat(33))).toThrow(`cannot be longer than '32' characters`);
  });
});
