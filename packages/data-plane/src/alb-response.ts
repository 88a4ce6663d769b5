import type { HeaderList } from './match-condition.js';

/** A response the load balancer writes itself, byte for byte. */
export interface AlbResponse {
  readonly statusCode: number;
  readonly statusMessage: string;
  /** In the observed order: Server, Date, Content-Type, Content-Length, then extras. */
  readonly headers: HeaderList;
  readonly body: string;
}

// Reason phrases (also the HTML titles). ALB's pages are nginx's with the `<hr>` signature line
// removed (headers-and-routing.md §6): 503 observed twice [G1], 502 by its observed 122-byte
// length [G2]; the others follow nginx's table and are unverified, including 504's
// "Gateway Time-out" (132 bytes).
export const ALB_STATUS_MESSAGES = {
  301: 'Moved Permanently',
  302: 'Found',
  400: 'Bad Request',
  403: 'Forbidden',
  405: 'Not Allowed',
  408: 'Request Time-out',
  413: 'Request Entity Too Large',
  414: 'Request-URI Too Large',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Temporarily Unavailable',
  504: 'Gateway Time-out',
  505: 'HTTP Version Not Supported',
} as const;

export type AlbPageStatus = keyof typeof ALB_STATUS_MESSAGES;

/** The HTML page, six CRLF-terminated lines (503: exactly 162 bytes) [G1]. */
export function albHtmlPage(status: AlbPageStatus): string {
  const title = `${status} ${ALB_STATUS_MESSAGES[status]}`;
  return [
    '<html>',
    `<head><title>${title}</title></head>`,
    '<body>',
    `<center><h1>${title}</h1></center>`,
    '</body>',
    '</html>',
    '',
  ].join('\r\n');
}

export function albResponse(
  statusCode: number,
  statusMessage: string,
  contentType: string,
  body: string,
  nowMs: number,
  extraHeaders: HeaderList = [],
): AlbResponse {
  return {
    statusCode,
    statusMessage,
    headers: [
      ['Server', 'awselb/2.0'],
      ['Date', new Date(Math.floor(nowMs / 1000) * 1000).toUTCString()],
      ['Content-Type', contentType],
      ['Content-Length', String(Buffer.byteLength(body, 'utf8'))],
      ...extraHeaders,
    ],
    body,
  };
}
