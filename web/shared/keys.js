// Idempotency keys for the pages: one per form or tap, random enough never to repeat.
// crypto.randomUUID exists only in secure contexts (https, localhost); getRandomValues everywhere.

export function newKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
}
