import { ALB_STATUS_MESSAGES, albHtmlPage, albResponse } from './alb-response.js';
import type { AlbPageStatus, AlbResponse } from './alb-response.js';

export type AlbErrorStatus = Exclude<AlbPageStatus, 301 | 302>;

/**
 * The ALB's own error answer, e.g. 503 when the target group has no registered targets, 502 when
 * the target refused or reset the connection, 504 when it did not answer in time
 * (headers-and-routing.md §6 [D3]): `Server: awselb/2.0`, `Content-Type: text/html` and the
 * nginx-style page. 460 (client closed) writes nothing; 463, 464 and 561 pages are unknown
 * and not offered.
 */
export function albErrorResponse(status: AlbErrorStatus, nowMs: number): AlbResponse {
  return albResponse(status, ALB_STATUS_MESSAGES[status], 'text/html', albHtmlPage(status), nowMs);
}
