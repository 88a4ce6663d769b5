// ALB cookie values are standard base64 (`+` and `/`), never URL-encoded (cookies.md §1 [D1]):
// AWSALB and AWSALBTG without `=` padding, AWSALBAPP fragments with it (cookies.md §6).
// Decoding is strict and canonical, so a URL-encoded value (`%2B`), a URL-safe value (`-`, `_`)
// or stray characters do not decode; AWS logs such an AWSALBTG as `AWSALBTGCookieInvalid` [D4].
const UNPADDED = /^[A-Za-z0-9+/]*$/;
const PADDED = /^[A-Za-z0-9+/]*={0,2}$/;

export function encodeCookieBase64(bytes: Uint8Array, options: { padded: boolean }): string {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  return options.padded ? text : text.replace(/=+$/, '');
}

export function decodeCookieBase64(text: string, options: { padded: boolean }): Uint8Array | undefined {
  if (options.padded ? !PADDED.test(text) || text.length % 4 !== 0 : !UNPADDED.test(text) || text.length % 4 === 1) {
    return undefined;
  }
  const bytes = new Uint8Array(Buffer.from(text, 'base64'));
  // Canonical form only: rejects non-zero trailing bits and padding where none belongs.
  return encodeCookieBase64(bytes, options) === text ? bytes : undefined;
}
