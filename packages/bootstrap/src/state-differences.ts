import type { BootstrapTag, KeyValue } from './bootstrap-document.js';

/**
 * What a document asks for that elbow does not have yet: the pure half of applying a document
 * (apply-bootstrap.ts makes its Modify and Add calls only with these, so a second apply changes nothing).
 */

/** Text of a tag or attribute value: AWS takes strings; YAML may give a number or boolean. */
export function valueText(value: string | number | boolean | undefined): string {
  return value === undefined ? '' : String(value);
}

/** The entries of `wanted` whose value differs from `current` (keys `current` lacks included), values as text. */
export function changedEntries(wanted: readonly KeyValue[] | undefined, current: ReadonlyArray<{ Key?: string; Value?: string }>): Array<{ Key: string; Value: string }> {
  const have = new Map(current.map((entry) => [entry.Key ?? '', entry.Value ?? '']));
  return (wanted ?? []).map((entry) => ({ Key: entry.Key, Value: valueText(entry.Value) })).filter((entry) => have.get(entry.Key) !== entry.Value);
}

/** The tags of `wanted` missing from `current` or with another value (a tag without Value means the empty one). */
export function changedTags(wanted: readonly BootstrapTag[] | undefined, current: ReadonlyArray<{ Key?: string; Value?: string }>): Array<{ Key: string; Value: string }> {
  return changedEntries(
    (wanted ?? []).map((tag) => ({ Key: tag.Key, Value: valueText(tag.Value) })),
    current,
  );
}

/** The members of `value` named in `keys`, in that order, so its JSON compares with a document's object written in that order. */
export function pickMembers(value: object | undefined, keys: readonly string[]): Record<string, unknown> | undefined {
  if (value === undefined) return undefined;
  const record = value as Record<string, unknown>;
  return Object.fromEntries(keys.filter((key) => record[key] !== undefined).map((key) => [key, record[key]]));
}

/** Whether two policy-name lists hold the same names (AWS keeps no order for them). */
export function sameNames(a: readonly string[], b: readonly string[]): boolean {
  return JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());
}
