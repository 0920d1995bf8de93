// SDK types from the API's committed SDL: the operations in src/operations.ts are validated against it, so an API
// change that breaks the SDK fails code generation (and typecheck), not a customer's service.
import type { CodegenConfig } from "@graphql-codegen/cli";

const config: CodegenConfig = {
  schema: "../../apps/api/schema.graphql",
  documents: "src/operations.ts",
  generates: {
    "src/generated/graphql.ts": {
      plugins: ["typescript-operations"],
      config: {
        enumsAsTypes: true,
        avoidOptionals: { field: true, inputValue: false, object: true },
        scalars: {
          Decimal: { input: "string", output: "string" },
          BigInt: { input: "string | number", output: "string" },
          DateTime: { input: "string", output: "string" },
          JSON: { input: "unknown", output: "unknown" },
        },
      },
    },
  },
};
export default config;
