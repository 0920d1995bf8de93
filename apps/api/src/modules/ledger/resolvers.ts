import type { Resolvers } from "../../generated/graphql.ts";
import { listLedger } from "./list-ledger.ts";

export const ledgerResolvers: Resolvers = {
  Tenant: {
    ledger: async (t, args, ctx) => {
      const page = await listLedger(ctx, { tenant: t, ...args });
      return {
        nodes: page.nodes,
        edges: page.nodes.map((node) => ({ node, cursor: page.cursorOf(node) })),
        pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor },
      };
    },
  },
  LedgerEntry: {
    totalTokens: (e) => e.inputTokens + e.outputTokens,
    costUsd: (e) => (e.costUsd === null ? null : e.costUsd.toFixed()),
  },
};
