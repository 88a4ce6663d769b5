// AWS adds `SameSite=None; Secure` to the AWSALBAPP fragments only "if the user agent is
// Chromium80 or later" (cookies.md §3 [D1]); how AWS detects it is not documented.
// Decision: a Chromium engine announces `Chrome/<major>` (Chrome, Edge, Opera, Samsung Internet,
// Android WebView, Brave) or `HeadlessChrome/<major>`, or `Chromium/<major>` on Linux builds.
// `CriOS` (Chrome on iOS) is WebKit, not Chromium, and does not match.
const CHROMIUM_MAJOR = /(?:^|[\s;(])(?:Headless)?Chrom(?:e|ium)\/(\d+)/;

export function isChromium80OrLater(userAgent: string | undefined): boolean {
  const match = userAgent === undefined ? null : CHROMIUM_MAJOR.exec(userAgent);
  return match !== null && Number(match[1]) >= 80;
}
