// Typed resolvers from the SDL; the merged schema is committed as schema.graphql so drift shows in review.
import type { CodegenConfig } from "@graphql-codegen/cli";

const config: CodegenConfig = {
  schema: "src/modules/**/*.graphql",
  generates: {
    "src/generated/graphql.ts": {
      plugins: ["typescript", "typescript-resolvers"],
      config: {
        useIndexSignature: false,
        enumsAsTypes: true,
        contextType: "../graphql/context.ts#Context",
        mappers: {
          Tenant: "../graphql/models.ts#TenantModel",
          Budget: "../graphql/models.ts#BudgetModel",
          BudgetStatus: "../graphql/models.ts#BudgetStatusModel",
          LedgerEntry: "../graphql/models.ts#LedgerEntryModel",
          ApiKey: "../graphql/models.ts#ApiKeyModel",
          AuditEntry: "../graphql/models.ts#AuditEntryModel",
          RecordUsageResult: "../graphql/models.ts#RecordUsageResultModel",
          BudgetCheck: "../graphql/models.ts#BudgetCheckModel",
          UsageSummary: "../graphql/models.ts#UsageSummaryModel",
          PriceOverride: "../graphql/models.ts#PriceOverrideModel",
          User: "../graphql/models.ts#UserModel",
          TenantSpend: "../graphql/models.ts#TenantSpendModel",
        },
        scalars: {
          Decimal: { input: "string", output: "string" },
          BigInt: { input: "bigint", output: "bigint | number | string" },
          DateTime: { input: "Date", output: "Date | string" },
          JSON: { input: "unknown", output: "unknown" },
        },
      },
    },
    "schema.graphql": { plugins: ["schema-ast"] },
  },
};
export default config;
