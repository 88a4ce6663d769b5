/**
 * The longest sticky-cookie value looked at before any decoding: the browser per-cookie limit
 * (cookies.md §3, RFC 6265 §6.1). Every opener and the decoder refuse longer values unread.
 */
export const MAX_COOKIE_VALUE_CHARS = 4096;
