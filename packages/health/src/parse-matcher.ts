/**
 * A target group's `Matcher.HttpCode` as a test on a status code: single codes (`200`), lists
 * (`200,302`) and ranges (`200-299`), mixed as the API documents them [M1 Matcher.HttpCode].
 * CreateTargetGroup already validated the string (packages/elbv2 target-group-settings.ts); a
 * part that still does not parse matches nothing rather than throwing in a timer.
 */
export function parseMatcher(httpCode: string): (statusCode: number) => boolean {
  const ranges: [number, number][] = [];
  for (const part of httpCode.split(',')) {
    const match = /^\s*(\d{3})\s*(?:-\s*(\d{3})\s*)?$/.exec(part);
    if (match === null) continue;
    const low = Number(match[1]);
    ranges.push([low, match[2] === undefined ? low : Number(match[2])]);
  }
  return (statusCode) => ranges.some(([low, high]) => statusCode >= low && statusCode <= high);
}
