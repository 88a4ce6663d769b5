import { X509Certificate } from 'node:crypto';

/**
 * Reading the objects a trust store is made of: a PEM bundle of CA certificates, and
 * certificate revocation lists (PEM or DER). Pure: bytes in, counts out; undefined when the
 * bytes are not what they should be (the handlers answer InvalidCaCertificatesBundle /
 * InvalidRevocationContent).
 */

const CERTIFICATE_BLOCK = /-----BEGIN CERTIFICATE-----\r?\n([\s\S]*?)-----END CERTIFICATE-----/g;

/** The number of certificates in a PEM bundle; undefined when it holds none or one does not parse. */
export function countCaCertificates(bundle: Buffer): number | undefined {
  const text = bundle.toString('utf8');
  const blocks = [...text.matchAll(CERTIFICATE_BLOCK)];
  if (blocks.length === 0) return undefined;
  for (const [block] of blocks) {
    try {
      new X509Certificate(block);
    } catch {
      return undefined;
    }
  }
  return blocks.length;
}

/**
 * The number of revoked certificates in a CRL (RFC 5280 §5.1: CertificateList → TBSCertList →
 * the optional `revokedCertificates` SEQUENCE OF, counted). node:crypto parses certificates but
 * not CRLs, hence this small DER walk. Undefined when the bytes are not a CRL.
 */
export function countRevokedEntries(content: Buffer): number | undefined {
  const der = crlDer(content);
  if (!der) return undefined;
  const certificateList = readElement(der, 0);
  if (!certificateList || certificateList.tag !== SEQUENCE || certificateList.end !== der.length) return undefined;
  const tbs = readElement(der, certificateList.contentStart);
  if (!tbs || tbs.tag !== SEQUENCE) return undefined;
  const fields = childrenOf(der, tbs);
  if (!fields) return undefined;
  let index = 0;
  if (fields[index]?.tag === INTEGER) index += 1; // version
  if (fields[index]?.tag !== SEQUENCE) return undefined; // signature algorithm
  index += 1;
  if (fields[index]?.tag !== SEQUENCE) return undefined; // issuer
  index += 1;
  if (!isTime(fields[index]?.tag)) return undefined; // thisUpdate
  index += 1;
  if (isTime(fields[index]?.tag)) index += 1; // nextUpdate
  const revoked = fields[index];
  if (revoked?.tag !== SEQUENCE) return 0;
  const entries = childrenOf(der, revoked);
  if (!entries || entries.some((entry) => entry.tag !== SEQUENCE)) return undefined;
  return entries.length;
}

const SEQUENCE = 0x30;
const INTEGER = 0x02;
const UTC_TIME = 0x17;
const GENERALIZED_TIME = 0x18;

function isTime(tag: number | undefined): boolean {
  return tag === UTC_TIME || tag === GENERALIZED_TIME;
}

function crlDer(content: Buffer): Buffer | undefined {
  const text = content.toString('latin1');
  const pem = /-----BEGIN X509 CRL-----([\s\S]*?)-----END X509 CRL-----/.exec(text);
  if (pem) return Buffer.from((pem[1] ?? '').replace(/\s+/g, ''), 'base64');
  return content[0] === SEQUENCE ? content : undefined;
}

interface Element {
  readonly tag: number;
  readonly contentStart: number;
  readonly end: number;
}

function readElement(der: Buffer, offset: number): Element | undefined {
  const tag = der[offset];
  const first = der[offset + 1];
  if (tag === undefined || first === undefined) return undefined;
  let length = first;
  let contentStart = offset + 2;
  if (first & 0x80) {
    const byteCount = first & 0x7f;
    if (byteCount === 0 || byteCount > 4) return undefined;
    length = 0;
    for (let index = 0; index < byteCount; index += 1) {
      const byte = der[offset + 2 + index];
      if (byte === undefined) return undefined;
      length = length * 256 + byte;
    }
    contentStart += byteCount;
  }
  const end = contentStart + length;
  return end <= der.length ? { tag, contentStart, end } : undefined;
}

function childrenOf(der: Buffer, parent: Element): Element[] | undefined {
  const children: Element[] = [];
  let offset = parent.contentStart;
  while (offset < parent.end) {
    const child = readElement(der, offset);
    if (!child || child.end > parent.end) return undefined;
    children.push(child);
    offset = child.end;
  }
  return children;
}
