// GraphQL Code Generator for a TypeScript client of Pointsmall: typed documents for the example
// operations (swap in your own). `npm ci && npm run codegen` writes generated/<app>/.
import type { CodegenConfig } from "@graphql-codegen/cli";

// Pointsmall's custom scalars as they arrive in JSON. Points and MinorUnits are whole numbers
// up to 2^53-1, exact in a JS number; DateTime is ISO 8601 in UTC, Date is YYYY-MM-DD.
const scalars = {
  Points: "number",
  MinorUnits: "number",
  DateTime: "string",
  Date: "string",
  JSON: "unknown",
};

const client = {
  preset: "client" as const,
  config: { scalars, strictScalars: true, enumsAsTypes: true, useTypeImports: true },
  presetConfig: { fragmentMasking: false },
};

const config: CodegenConfig = {
  schema: "../schema.graphql",
  generates: {
    "generated/member-app/": { ...client, documents: ["member-app/*.graphql"] },
    "generated/merchant-backend/": { ...client, documents: ["merchant-backend/*.graphql"] },
  },
};

export default config;
