import { STATUS_CODES } from 'node:http';
import type { elbv2 } from '@elbow/api-models';
import { albResponse } from './alb-response.js';
import type { AlbResponse } from './alb-response.js';

/**
 * The answer to a fixed-response action: the configured status, content type and body
 * (`MessageBody` up to 1024 characters) [M1][D4]. Unverified: the `Server: awselb/2.0` header
 * (an ALB fixed "503 Unknown Host" was reported with it, code index), the reason phrase (Node's
 * standard one, empty for other codes), and `text/plain` when `ContentType` is absent.
 */
export function fixedResponse(config: elbv2.FixedResponseActionConfig, nowMs: number): AlbResponse {
  const statusCode = Number(config.StatusCode);
  if (!/^[245]\d\d$/.test(config.StatusCode)) throw new RangeError(`fixed-response StatusCode must match ^(2|4|5)\\d\\d$: ${config.StatusCode}`);
  return albResponse(statusCode, STATUS_CODES[statusCode] ?? '', config.ContentType ?? 'text/plain', config.MessageBody ?? '', nowMs);
}
