// The console's settings: the only file that reads process.env. Server-side only.
export const env = {
  /** Where the console's server reaches the API. Never sent to the browser. */
  apiUrl: (process.env.SPENDLINE_API_URL ?? "http://127.0.0.1:4000").replace(/\/+$/, ""),
  /** Mark the session cookie Secure (set it when the console is served over HTTPS). */
  cookieSecure: process.env.SPENDLINE_COOKIE_SECURE === "1" || process.env.SPENDLINE_COOKIE_SECURE === "true",
};
