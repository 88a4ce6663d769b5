export interface SigV4Scope {
  readonly accessKeyId: string;
  readonly region: string;
}

// `Credential=<AKID>/<yyyymmdd>/<region>/<service>/aws4_request` (AWS SigV4 credential scope).
const CREDENTIAL = /(?:^|[\s,])Credential=([^,\s]+)/;

/**
 * The access key id and region of a SigV4-signed request, from the `Authorization` header
 * (`AWS4-HMAC-SHA256 Credential=AKID/20261121/us-west-2/elasticloadbalancing/aws4_request, …`)
 * or the `X-Amz-Credential` query parameter (presigned). Signatures are not verified: elbow
 * accepts any credentials. Returns undefined for an unsigned request or an unreadable scope,
 * which the server answers with its default region and account.
 */
export function readSigV4Scope(
  headers: Record<string, string | string[] | undefined>,
  params: ReadonlyMap<string, string>,
): SigV4Scope | undefined {
  const header = headers['authorization'];
  const authorization = Array.isArray(header) ? header[0] : header;
  let credential: string | undefined;
  if (authorization?.startsWith('AWS4-HMAC-SHA256 ')) {
    credential = CREDENTIAL.exec(authorization)?.[1];
  }
  credential ??= params.get('X-Amz-Credential');
  if (credential === undefined) return undefined;
  const [accessKeyId, date, region, service, terminator] = credential.split('/');
  if (!accessKeyId || !date || !region || !service || terminator !== 'aws4_request') return undefined;
  return { accessKeyId, region };
}
