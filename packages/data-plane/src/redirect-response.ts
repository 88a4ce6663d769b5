import { ALB_STATUS_MESSAGES, albHtmlPage, albResponse } from './alb-response.js';
import type { AlbResponse } from './alb-response.js';
import type { RedirectResult } from './expand-redirect.js';

/**
 * The answer to a redirect action. Observed on an ALB 301: `Server: awselb/2.0`, `Date`,
 * `Content-Type: text/html`, `Content-Length: 150`, `Connection`, `Location: https://…:443/`
 * (public curl transcript, 2018, code index). The body itself was not captured: the nginx-style
 * page used here is 134 bytes for 301, not 150 — unverified, kept until a capture shows the page.
 */
export function redirectResponse(redirect: RedirectResult, nowMs: number): AlbResponse {
  return albResponse(
    redirect.statusCode,
    ALB_STATUS_MESSAGES[redirect.statusCode],
    'text/html',
    albHtmlPage(redirect.statusCode),
    nowMs,
    [['Location', redirect.location]],
  );
}
