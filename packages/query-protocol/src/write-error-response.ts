import { AWS_FAULT_NAMESPACE } from './common-errors.js';
import { escapeXml } from './escape-xml.js';
import type { QueryHttpResponse } from './query-http.js';

export interface ErrorResponseFields {
  code: string;
  message: string;
  statusCode: number;
  /** Defaults to Sender below 500, Receiver otherwise. */
  faultType?: 'Sender' | 'Receiver';
  /** The service's namespace; defaults to AWS's generic fault namespace when none is known. */
  xmlNamespace?: string;
  requestId: string;
}

/**
 * The one awsQuery error writer (STYLE rule 5), also used by the emulator's fastify 404/413/415
 * handlers. Body shape from real ELB responses (spec §4, boto tests/unit/test_exception.py):
 * `<ErrorResponse xmlns="…"><Error><Type>…</Type><Code>…</Code><Message>…</Message></Error><RequestId>…</RequestId></ErrorResponse>`
 * — RequestId is a sibling of Error. Headers as real responses carry them: `Content-Type: text/xml`
 * and `x-amzn-RequestId` equal to the body's RequestId (github.com/ansible/ansible/issues/67993).
 */
export function writeErrorResponse(fields: ErrorResponseFields): QueryHttpResponse {
  const faultType = fields.faultType ?? (fields.statusCode < 500 ? 'Sender' : 'Receiver');
  const namespace = fields.xmlNamespace ?? AWS_FAULT_NAMESPACE;
  const body =
    `<ErrorResponse xmlns="${escapeXml(namespace)}"><Error><Type>${faultType}</Type>` +
    `<Code>${escapeXml(fields.code)}</Code><Message>${escapeXml(fields.message)}</Message></Error>` +
    `<RequestId>${escapeXml(fields.requestId)}</RequestId></ErrorResponse>`;
  return { statusCode: fields.statusCode, headers: responseHeaders(fields.requestId), body };
}

/** Headers of every Query response, success or error. */
export function responseHeaders(requestId: string): Record<string, string> {
  return { 'Content-Type': 'text/xml', 'x-amzn-RequestId': requestId };
}

/**
 * EC2's error body: `<Response><Errors><Error><Code>…</Code><Message>…</Message></Error></Errors><RequestID>…</RequestID></Response>`
 * — no namespace, no Type, and `RequestID` spelled so (botocore parsers.py EC2QueryParser, which
 * quotes a real response; EC2 API Reference "Error codes" page).
 */
export function writeEc2ErrorResponse(fields: ErrorResponseFields): QueryHttpResponse {
  const body =
    `<Response><Errors><Error><Code>${escapeXml(fields.code)}</Code>` +
    `<Message>${escapeXml(fields.message)}</Message></Error></Errors>` +
    `<RequestID>${escapeXml(fields.requestId)}</RequestID></Response>`;
  return { statusCode: fields.statusCode, headers: responseHeaders(fields.requestId), body };
}
