/** The parts of an HTTP request the Query server reads (the emulator's fastify route fills it). */
export interface QueryHttpRequest {
  method: string;
  /** Node's header object: names lower-cased. */
  headers: Record<string, string | string[] | undefined>;
  /** The URL's query string without the leading `?` ('' if none). */
  rawQuery: string;
  body: Buffer;
}

export interface QueryHttpResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}
