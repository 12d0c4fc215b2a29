// The address's #hash as a screen, an id and parameters (#members/<id>?code=AWARD), and a guard
// so that a screen that loads slowly never replaces the one asked for after it.

export function route(fallback) {
  const [path, query] = window.location.hash.replace(/^#/, "").split("?");
  const [screen, id] = (path || fallback).split("/");
  return { screen, id, params: new URLSearchParams(query || "") };
}

export function latestOnly() {
  let count = 0;
  return () => {
    const mine = ++count;
    return () => mine === count;
  };
}
