// The GraphQL operations the SDK sends. Code generation checks them against apps/api/schema.graphql and derives
// their result and variable types (src/generated/graphql.ts).
const BUDGET_STATUS = /* GraphQL */ `
  fragment BudgetStatusFields on BudgetStatus {
    budget {
      id
      name
      period
      enforcement
    }
    windowStart
    windowEnd
    usedCostUsd
    usedTokens
    limitCostUsd
    limitTokens
    remainingCostUsd
    remainingTokens
    entries
    unpricedEntries
    unpricedTokens
    hasUnpricedUsage
    exceeded
  }
`;

export const RECORD_USAGE = /* GraphQL */ `
  mutation RecordUsage($input: RecordUsageInput!) {
    recordUsage(input: $input) {
      recorded
      allowed
      duplicate
      hasUnpricedUsage
      entry {
        id
        idempotencyKey
        model
        provider
        inputTokens
        outputTokens
        cacheReadTokens
        cacheWriteTokens
        reasoningTokens
        totalTokens
        costUsd
        costSource
        priceVersion
        occurredAt
        recordedAt
        allowed
      }
      budgets {
        ...BudgetStatusFields
      }
    }
  }
  ${BUDGET_STATUS}
`;

export const CHECK_BUDGET = /* GraphQL */ `
  query CheckBudget($tenant: String!, $estimatedCostUsd: Decimal, $estimatedTokens: BigInt) {
    checkBudget(tenant: $tenant, estimatedCostUsd: $estimatedCostUsd, estimatedTokens: $estimatedTokens) {
      allowed
      budgets {
        ...BudgetStatusFields
      }
    }
  }
  ${BUDGET_STATUS}
`;
