// A bar chart drawn as SVG from analytics buckets: two bars a day (issued, redeemed), a y axis
// in points with its top value, day labels in the merchant's local dates.

const SVG = "http://www.w3.org/2000/svg";

function node(name, attributes = {}, text = "") {
  const element = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  if (text) element.textContent = text;
  return element;
}

function niceMax(value) {
  if (value <= 0) return 10;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) {
    if (value <= step * power) return step * power;
  }
  return 10 * power;
}

// `formatLabel` turns a label into its axis text (by default a date's MM-DD).
export function barChart({
  title, unit, series, labels, formatValue, width = 720, height = 260, formatLabel = (label) => label.slice(5),
}) {
  const left = 64;
  const bottom = 32;
  const top = 32;
  const plotHeight = height - bottom - top;
  const plotWidth = width - left - 8;
  const max = niceMax(Math.max(0, ...series.flatMap((s) => s.values)));
  const svg = node("svg", {
    viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": title, class: "chart",
  });
  svg.append(node("title", {}, title));
  for (const fraction of [0, 0.5, 1]) {
    const y = top + plotHeight * (1 - fraction);
    svg.append(node("line", { x1: left, x2: width - 8, y1: y, y2: y, class: "grid" }));
    // Whole numbers only: a half-way mark of 1 redemption would read "1" twice.
    if (!Number.isInteger(max * fraction)) continue;
    svg.append(node("text", { x: left - 8, y: y + 4, class: "axis", "text-anchor": "end" },
      formatValue(max * fraction)));
  }
  svg.append(node("text", { x: left - 8, y: 12, class: "axis unit", "text-anchor": "end" }, unit));
  const slot = plotWidth / Math.max(1, labels.length);
  const bar = Math.max(2, (slot - 6) / series.length);
  labels.forEach((label, day) => {
    series.forEach((s, index) => {
      const value = s.values[day];
      const barHeight = max ? (plotHeight * value) / max : 0;
      const rect = node("rect", {
        x: left + day * slot + 3 + index * bar, y: top + plotHeight - barHeight,
        width: bar, height: barHeight, class: `bar ${s.className}`,
        "data-value": value, "data-day": label,
      });
      rect.append(node("title", {}, `${label} ${s.name}: ${formatValue(value)}`));
      svg.append(rect);
    });
    if (labels.length <= 16 || day % 2 === 0) {
      svg.append(node("text", { x: left + day * slot + slot / 2, y: height - 10, class: "axis",
        "text-anchor": "middle" }, formatLabel(label)));
    }
  });
  return svg;
}
