const SPECIAL = /[&<>"']/;
const SPECIAL_GLOBAL = /[&<>"']/g;
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Escapes text for XML content or attribute values; returns the same string when nothing needs it. */
export function escapeXml(text: string): string {
  return SPECIAL.test(text) ? text.replace(SPECIAL_GLOBAL, (char) => ENTITIES[char] as string) : text;
}
