// Idempotency keys for the pages: one per form or tap, random enough never to repeat.
// crypto.randomUUID exists only in secure contexts (https, localhost); getRandomValues everywhere.

// One key per form: kept while an answer is lost (the retry then changes things once), replaced
// once an answer comes, refusals included: a refusal changed nothing, and the corrected form is
// another request, which under the old key would be IDEMPOTENCY_KEY_REUSED.
export function formKey() {
  let key = newKey();
  return { current: () => key, answered: () => { key = newKey(); } };
}

export function newKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
}
