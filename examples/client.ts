// A minimal typed client over fetch: what a member app (or a merchant backend with its API
// key) needs. Automatic persisted queries: the hash first, the document only when asked.
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { print } from "graphql";
import { MemberHomeDocument, RedeemDocument } from "./generated/member-app/graphql";

type Answer<R> = { data?: R; errors?: { message: string; extensions?: { code?: string } }[] };

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export async function run<R, V>(
  url: string,
  token: string,
  document: TypedDocumentNode<R, V>,
  variables: V,
): Promise<R> {
  const query = print(document);
  const persistedQuery = { version: 1, sha256Hash: await sha256(query) };
  const post = async (body: object): Promise<Answer<R>> => {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    return (await response.json()) as Answer<R>;
  };
  let answer = await post({ variables, extensions: { persistedQuery } });
  if (answer.errors?.[0]?.extensions?.code === "PERSISTED_QUERY_NOT_FOUND") {
    answer = await post({ query, variables, extensions: { persistedQuery } });
  }
  if (answer.errors || !answer.data) {
    throw new Error(answer.errors?.[0]?.message ?? "no data");
  }
  return answer.data;
}

// Usage: the home screen, then a redemption whose refusal is data, not an exception.
export async function example(url: string, token: string): Promise<string> {
  const home = await run(url, token, MemberHomeDocument, {});
  const points = home.me?.wallet.available ?? 0;
  const key = crypto.randomUUID(); // once per tap; reuse it when retrying
  const redeemed = await run(url, token, RedeemDocument, { rewardId: "…", idempotencyKey: key });
  const refusal = redeemed.redeemReward.userErrors[0];
  return refusal ? `${refusal.code}: ${refusal.message}` : `redeemed with ${points} points`;
}
