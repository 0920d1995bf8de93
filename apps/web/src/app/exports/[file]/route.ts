// Streams a CSV export from the API to the browser, forwarding the user's session from the http-only cookie.
// The browser never holds the token; the API decides whether this user may export (admin and finance).
import type { NextRequest } from "next/server";
import { env } from "@/lib/env";
import { sessionToken } from "@/lib/session";

const FILES = new Set(["ledger.csv", "daily-summary.csv"]);
const PARAMS = ["tenant", "from", "to", "tz", "bom"];
const PASSED_HEADERS = ["content-type", "content-disposition", "cache-control"];

export const dynamic = "force-dynamic";

export async function GET(req: NextRequest, { params }: { params: Promise<{ file: string }> }) {
  const { file } = await params;
  if (!FILES.has(file)) return new Response("Unknown export.", { status: 404 });
  const token = await sessionToken();
  if (!token) return new Response("Sign in first.", { status: 401 });
  const query = new URLSearchParams();
  for (const k of PARAMS) {
    const v = req.nextUrl.searchParams.get(k);
    if (v !== null) query.set(k, v);
  }
  let upstream: Response;
  try {
    upstream = await fetch(`${env.apiUrl}/exports/${file}?${query}`, {
      headers: { authorization: `Bearer ${token}` },
      cache: "no-store",
      signal: req.signal,
    });
  } catch {
    return new Response("The Spendline API cannot be reached.", { status: 502 });
  }
  const headers = new Headers();
  for (const h of PASSED_HEADERS) {
    const v = upstream.headers.get(h);
    if (v) headers.set(h, v);
  }
  // The body is passed through as a stream: nothing is buffered here, whatever the export's size.
  return new Response(upstream.body, { status: upstream.status, headers });
}
