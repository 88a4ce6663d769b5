// IMF-fixdate (RFC 9110 §5.6.7): `Sun, 06 Nov 1994 08:49:37 GMT`. ALB writes its cookie
// `Expires` in exactly this form, two-digit day and `GMT` (cookies.md §2, captures [G1]).
const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

function twoDigits(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}

/** Formats an epoch-millisecond instant as an IMF-fixdate; sub-second precision is dropped. */
export function imfFixdate(epochMs: number): string {
  const date = new Date(epochMs);
  if (Number.isNaN(date.getTime())) throw new RangeError(`not a valid instant: ${epochMs}`);
  const year = date.getUTCFullYear();
  if (year < 0 || year > 9999) throw new RangeError(`IMF-fixdate needs a four-digit year: ${year}`);
  const day = DAY_NAMES[date.getUTCDay()];
  const month = MONTH_NAMES[date.getUTCMonth()];
  return (
    `${day}, ${twoDigits(date.getUTCDate())} ${month} ${String(year).padStart(4, '0')} ` +
    `${twoDigits(date.getUTCHours())}:${twoDigits(date.getUTCMinutes())}:${twoDigits(date.getUTCSeconds())} GMT`
  );
}
