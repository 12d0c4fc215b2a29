// One message catalogue per front end, Chinese (the default) and English; the reader's choice
// is remembered in localStorage for every front end of this origin.

export function catalogue(...parts) {
  // A front end's catalogue may come in parts (one per group of screens): merged per locale.
  const messages = {};
  for (const part of parts) {
    for (const [name, texts] of Object.entries(part)) messages[name] = { ...messages[name], ...texts };
  }
  let locale = localStorage.getItem("pm_locale") || "zh-CN";
  if (!messages[locale]) locale = "zh-CN";
  return {
    currentLocale: () => locale,
    switchLocale() {
      locale = locale === "zh-CN" ? "en" : "zh-CN";
      localStorage.setItem("pm_locale", locale);
      document.documentElement.lang = locale;
    },
    t(key, values = {}) {
      const text = messages[locale][key] ?? messages["zh-CN"][key] ?? key;
      return text.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ""));
    },
  };
}
