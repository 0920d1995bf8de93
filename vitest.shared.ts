// Vitest settings shared by the packages whose tests start the API in-process (apps/api, tools, packages/sdk).
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/**
 * One graphql module for everything. Node resolves "graphql" to its CommonJS entry (for Apollo and
 * @graphql-tools, which Node loads), Vite to its ESM entry (for our sources): two copies, and a schema built by
 * one is "from another module or realm" to the other's execute(). The server itself only ever runs on Node's
 * resolution, so this aligns the tests with it.
 */
export const singleGraphql = {
  alias: [
    {
      find: /^graphql$/,
      replacement: require.resolve("graphql", { paths: [`${import.meta.dirname}/apps/api`] }),
    },
  ],
};
