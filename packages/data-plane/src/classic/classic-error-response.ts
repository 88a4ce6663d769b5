/** The statuses a classic load balancer answers on its own (classic-elb.md §4 [D7]). */
export type ClassicErrorStatus = 400 | 502 | 503 | 504;

export interface ClassicErrorResponse {
  readonly statusCode: ClassicErrorStatus;
  readonly statusMessage: string;
  readonly headers: readonly (readonly [name: string, value: string])[];
}

/**
 * Reason phrases as captured from classic load balancers, whose error answers carry no body
 * (`Content-Length: 0`): `504 GATEWAY_TIMEOUT` (a 2015 curl transcript against a classic ELB
 * after deregistration, code index) and `503 Service Unavailable: Back-end server is at capacity`
 * (widely reported status line, classic-elb.md §4). 400 and 502 were not found in captures: the
 * same style is assumed (`BAD_REQUEST`, `Bad Gateway`); see packages/data-plane UNVERIFIED.md.
 */
const STATUS_MESSAGES: Record<ClassicErrorStatus, string> = {
  400: 'BAD_REQUEST',
  502: 'Bad Gateway',
  503: 'Service Unavailable: Back-end server is at capacity',
  504: 'GATEWAY_TIMEOUT',
};

export function classicErrorResponse(statusCode: ClassicErrorStatus): ClassicErrorResponse {
  return { statusCode, statusMessage: STATUS_MESSAGES[statusCode], headers: [['Content-Length', '0']] };
}
