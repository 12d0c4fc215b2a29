// Numbers for people: points with grouping, money from integer minor units (no float ever
// holds an amount), rates from basis points, dates as the merchant's local days.

export function points(value, locale) {
  return new Intl.NumberFormat(locale).format(BigInt(value));
}

export function money(minor, currency, locale) {
  const digits = new Intl.NumberFormat("en", { style: "currency", currency })
    .resolvedOptions().maximumFractionDigits;
  const base = 10n ** BigInt(digits);
  const amount = BigInt(minor);
  const sign = amount < 0n ? "-" : "";
  const whole = (amount < 0n ? -amount : amount) / base;
  const fraction = ((amount < 0n ? -amount : amount) % base).toString().padStart(digits, "0");
  const decimal = new Intl.NumberFormat(locale).formatToParts(1.5)
    .find((part) => part.type === "decimal").value;
  const parts = new Intl.NumberFormat(locale, {
    style: "currency", currency, minimumFractionDigits: 0, maximumFractionDigits: 0,
  }).formatToParts(whole);
  const last = parts.map((part) => part.type).lastIndexOf("integer");
  const text = parts
    .map((part, index) => part.value + (index === last && digits > 0 ? decimal + fraction : ""))
    .join("");
  return sign + text;
}

export function rate(basisPoints, locale) {
  if (basisPoints === null || basisPoints === undefined) return "–";
  const whole = Math.trunc(basisPoints / 100);
  const hundredths = String(Math.abs(basisPoints % 100)).padStart(2, "0");
  const decimal = new Intl.NumberFormat(locale).formatToParts(1.5)
    .find((part) => part.type === "decimal").value;
  return `${whole}${decimal}${hundredths}%`;
}

export function localDay(timeZone, daysBack = 0) {
  // YYYY-MM-DD of "today minus daysBack" in the merchant's time zone.
  const now = new Date(Date.now() - daysBack * 86_400_000);
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" })
    .format(now);
}

export function minorUnits(text, currency) {
  // "12.5" yuan -> 1250 fen, by string, never through a float; null when it is not an amount.
  const digits = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits;
  const match = String(text).trim().match(/^(\d{1,15})(?:\.(\d+))?$/);
  if (!match || (match[2] || "").length > digits) return null;
  return Number(BigInt(match[1]) * 10n ** BigInt(digits) + BigInt((match[2] || "").padEnd(digits, "0") || "0"));
}

export function isoFromLocal(value) {
  // A datetime-local field's value, read in the browser's zone, as the API's DateTime.
  return value ? new Date(value).toISOString() : null;
}

export function decimalText(minor, currency) {
  // 1250 fen -> "12.50", for an input's value (the reverse of minorUnits).
  const digits = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits;
  const text = String(BigInt(minor)).padStart(digits + 1, "0");
  return digits ? `${text.slice(0, -digits)}.${text.slice(-digits)}` : text;
}

export function localInput(iso) {
  // The API's DateTime as a datetime-local field's value, in the browser's zone.
  if (!iso) return "";
  const at = new Date(iso);
  const pad = (n) => String(n).padStart(2, "0");
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
}
