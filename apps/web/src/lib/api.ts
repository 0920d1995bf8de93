// Server-side GraphQL calls to the API with the signed-in user's session. The browser never talks to the API.
import { redirect } from "next/navigation";
import { env } from "./env";
import { sessionToken } from "./session";

export interface ApiErrorInfo {
  code: string;
  message: string;
  field?: string;
}

export class ApiError extends Error {
  constructor(readonly info: ApiErrorInfo) {
    super(info.message);
    this.name = "ApiError";
  }
}

type Result<T> = { ok: true; data: T } | { ok: false; error: ApiErrorInfo };

/** One GraphQL request. Answers errors as data, so forms can show them next to their field. */
export async function tryGql<T>(
  query: string,
  variables: Record<string, unknown> = {},
  token?: string | null,
): Promise<Result<T>> {
  const bearer = token === undefined ? await sessionToken() : token;
  let res: Response;
  try {
    res = await fetch(`${env.apiUrl}/graphql`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
      cache: "no-store",
    });
  } catch {
    return {
      ok: false,
      error: { code: "SERVICE_UNAVAILABLE", message: "The Spendline API cannot be reached." },
    };
  }
  let body: { data?: T; errors?: { message: string; extensions?: { code?: string; field?: string } }[] };
  try {
    body = await res.json();
  } catch {
    return {
      ok: false,
      error: { code: "SERVICE_UNAVAILABLE", message: `The API answered ${res.status} without JSON.` },
    };
  }
  const e = body.errors?.[0];
  if (e) {
    return {
      ok: false,
      error: {
        code: e.extensions?.code ?? "INTERNAL_SERVER_ERROR",
        message: e.message,
        field: e.extensions?.field,
      },
    };
  }
  return { ok: true, data: body.data as T };
}

/** For pages: data, or a redirect to sign-in when the session has ended; other errors go to the error boundary. */
export async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const r = await tryGql<T>(query, variables);
  if (r.ok) return r.data;
  if (r.error.code === "UNAUTHENTICATED") redirect("/sign-in?expired=1");
  throw new ApiError(r.error);
}
