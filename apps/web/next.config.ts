import type { NextConfig } from "next";

const config: NextConfig = {
  // The console talks to the API over HTTP only; nothing here may open the database (see docs/toolchain.md).
  serverExternalPackages: ["@electric-sql/pglite"],
  poweredByHeader: false,
  reactStrictMode: true,
  // `next dev` would otherwise write AGENTS.md / upgrade notes into the app.
  agentRules: false,
  experimental: { agentUpgrade: false, agentFeedback: false },
};

export default config;
