import { connect, type Socket } from 'node:net';

/** One HTTP/1.1 response read off a socket, kept as bytes so tests can compare it exactly. */
export interface RawResponse {
  /** `HTTP/1.1 503 Service Temporarily Unavailable` */
  statusLine: string;
  status: number;
  /** Header fields in wire order, names as sent. */
  headers: [name: string, value: string][];
  /** Everything before the body, the blank line included. */
  head: string;
  /** The payload: a chunked body is decoded, trailers dropped. */
  body: Buffer;
}

export interface RawExchange {
  response: RawResponse;
  /** The connection, open unless the peer closed it; the test destroys it when done. */
  socket: Socket;
}

/** The value of the first header of that name (case-insensitive), as a client would read it. */
export function headerValue(response: RawResponse, name: string): string | undefined {
  return response.headers.find(([field]) => field.toLowerCase() === name.toLowerCase())?.[1];
}

/** Opens a TCP connection to 127.0.0.1:port (resolves once connected). */
export function openSocket(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.off('error', reject);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

/** Resolves when the peer ends or resets the connection (no timer: the event itself). */
export function socketClosed(socket: Socket): Promise<void> {
  if (socket.destroyed || socket.readableEnded) return Promise.resolve();
  return new Promise((resolve) => {
    socket.once('close', () => resolve());
    socket.once('end', () => resolve());
    socket.on('error', () => resolve());
  });
}

/** The payload of a complete chunked body, or undefined while chunks are still missing. */
function dechunk(bytes: Buffer): Buffer | undefined {
  const chunks: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const lineEnd = bytes.indexOf('\r\n', offset);
    if (lineEnd < 0) return undefined;
    const size = Number.parseInt(bytes.subarray(offset, lineEnd).toString('latin1'), 16);
    if (Number.isNaN(size)) throw new Error(`bad chunk size line: ${JSON.stringify(bytes.subarray(offset, lineEnd).toString('latin1'))}`);
    if (size === 0) return bytes.indexOf('\r\n\r\n', lineEnd) === lineEnd ? Buffer.concat(chunks) : undefined;
    if (bytes.length < lineEnd + 2 + size + 2) return undefined;
    chunks.push(bytes.subarray(lineEnd + 2, lineEnd + 2 + size));
    offset = lineEnd + 2 + size + 2;
  }
}

/**
 * Reads the next complete response from `socket`: the head, then a Content-Length body, a chunked
 * body, or (neither) everything until the peer closes. Rejects if the peer closes before a whole
 * response arrived, with what did arrive.
 */
export function readResponse(socket: Socket, { isHeadRequest = false } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    let buffer = Buffer.alloc(0);
    let parsed: Omit<RawResponse, 'body'> | undefined;
    let bodyStart = 0;
    const finish = (error?: Error) => {
      socket.off('data', onData);
      socket.off('end', onEnd);
      socket.off('error', onError);
      if (error) reject(error);
    };
    const tryComplete = (isClosed: boolean): boolean => {
      if (!parsed) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end < 0) return false;
        const head = buffer.subarray(0, end + 4).toString('latin1');
        const [statusLine = '', ...lines] = head.slice(0, -4).split('\r\n');
        parsed = {
          statusLine,
          status: Number(statusLine.split(' ')[1]),
          headers: lines.map((line) => {
            const colon = line.indexOf(':');
            return [line.slice(0, colon), line.slice(colon + 1).trim()] as [string, string];
          }),
          head,
        };
        bodyStart = end + 4;
      }
      const rest = buffer.subarray(bodyStart);
      const length = headerValue(parsed as RawResponse, 'content-length');
      const isChunked = /chunked/i.test(headerValue(parsed as RawResponse, 'transfer-encoding') ?? '');
      const hasNoBody = isHeadRequest || parsed.status === 204 || parsed.status === 304 || (parsed.status >= 100 && parsed.status < 200);
      let body: Buffer | undefined;
      if (hasNoBody) body = Buffer.alloc(0);
      else if (length !== undefined) body = rest.length >= Number(length) ? rest.subarray(0, Number(length)) : undefined;
      else if (isChunked) body = dechunk(rest);
      else if (isClosed) body = rest;
      if (!body) return false;
      finish();
      resolve({ ...parsed, body });
      return true;
    };
    const onData = (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      tryComplete(false);
    };
    const onEnd = () => {
      if (!tryComplete(true)) finish(new Error(`connection closed before a whole response: ${JSON.stringify(buffer.toString('latin1'))}`));
    };
    const onError = (error: Error) => {
      if (!tryComplete(true)) finish(new Error(`${error.message} before a whole response: ${JSON.stringify(buffer.toString('latin1'))}`));
    };
    socket.on('data', onData);
    socket.once('end', onEnd);
    socket.once('error', onError);
  });
}

/**
 * Sends raw bytes on a fresh connection and reads one response: for requests a normalising
 * client (fetch, http.request) would refuse to send or would rewrite.
 */
export async function rawRequest(port: number, bytes: string | Buffer): Promise<RawExchange> {
  const socket = await openSocket(port);
  const reading = readResponse(socket);
  socket.write(bytes);
  try {
    return { response: await reading, socket };
  } catch (error) {
    socket.destroy();
    throw error;
  }
}
