// recordUsage and recordUsageBatch without Apollo Server's per-request pipeline.
//
// Recording is the one operation on every LLM call of every service. Measured on the same machine, Apollo's
// per-request work (hashing the query text, plugin hooks, content negotiation, CSRF and body checks) cost about
// as much as executing the operation (docs/performance.md). So a request whose document is a recording mutation
// is executed here, compiled once per document (graphql-jit), on the schema Apollo serves, with the same validation rules, the
// same context and the same error formatting. Anything else, and any request here that is not plainly
// well-formed, returns null and goes through Apollo, which then answers it. Nothing has run when we decline:
// invalid variables are detected before any resolver starts. test/fast-path.test.ts sends the same
// requests both ways and compares status, headers and body.
import type { IncomingHttpHeaders } from "node:http";
import { unwrapResolverError } from "@apollo/server/errors";
import { compileQuery, isCompiledQuery, type CompiledQuery } from "graphql-jit";
import {
  Kind,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLError,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type ValidationRule,
} from "graphql";
import type { Context } from "./context.ts";
import { isDatabaseUnavailable } from "./errors.ts";

/** Root fields this path executes. */
const RECORDING_FIELDS = new Set(["recordUsage", "recordUsageBatch"]);
/** Distinct query texts remembered (clients send one or two); past this the memo starts over. */
const MAX_DOCUMENTS = 200;
const JSON_CONTENT_TYPE = "application/json; charset=utf-8";

export interface FastPathOptions {
  schema: GraphQLSchema;
  validationRules: ValidationRule[];
  maxTokens: number;
  formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
  /** Called when a response says the database is unavailable (Apollo's path counts these in a plugin). */
  onDatabaseError: () => void;
}

export interface FastResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

interface Prepared {
  /** Variable coercion, resolver calls and result completion compiled to JavaScript once per document
   * (graphql-jit): for a recordUsageBatch of 100 it took ~0.1 ms where graphql-js's execute took ~0.5 ms. */
  compiled: CompiledQuery;
  operationName: string | null;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

export function createFastPath(options: FastPathOptions) {
  const rules = [...specifiedRules, ...options.validationRules];
  /** Query text -> its prepared document, or null: not a recording mutation (or not valid), Apollo's to answer. */
  const documents = new Map<string, Prepared | null>();

  function prepare(query: string): Prepared | null {
    let document: DocumentNode;
    try {
      document = parse(query, { maxTokens: options.maxTokens });
    } catch {
      return null;
    }
    const [op, ...rest] = document.definitions;
    if (rest.length > 0 || op?.kind !== Kind.OPERATION_DEFINITION || op.operation !== "mutation") return null;
    if (op.directives?.length) return null;
    for (const s of op.selectionSet.selections) {
      if (s.kind !== Kind.FIELD || !RECORDING_FIELDS.has(s.name.value) || s.directives?.length) return null;
    }
    if (validate(options.schema, document, rules).length > 0) return null;
    const compiled = compileQuery(options.schema, document, op.name?.value);
    if (!isCompiledQuery(compiled)) return null;
    return { compiled, operationName: op.name?.value ?? null };
  }

  function preparedFor(query: string): Prepared | null {
    let prepared = documents.get(query);
    if (prepared === undefined) {
      // Only recording mutations are worth parsing here; everything else is Apollo's anyway.
      prepared = query.includes("recordUsage") ? prepare(query) : null;
      if (documents.size >= MAX_DOCUMENTS) documents.clear();
      documents.set(query, prepared);
    }
    return prepared;
  }

  /** The response, or null when Apollo should answer this request. */
  async function handle(
    body: unknown,
    headers: IncomingHttpHeaders,
    context: Context,
  ): Promise<FastResponse | null> {
    // What Apollo would answer differently: other content types (and its CSRF rules for them), other media types
    // asked for in Accept, persisted queries, malformed bodies.
    const contentType = headers["content-type"];
    if (!contentType || contentType.split(";", 1)[0]!.trim().toLowerCase() !== "application/json")
      return null;
    const accept = headers.accept;
    if (accept !== undefined && accept !== "*/*" && accept !== "application/json") return null;
    if (!isPlainObject(body) || typeof body.query !== "string") return null;
    const { variables, operationName, extensions } = body;
    if (variables !== undefined && variables !== null && !isPlainObject(variables)) return null;
    if (
      extensions !== undefined &&
      extensions !== null &&
      (!isPlainObject(extensions) || "persistedQuery" in extensions)
    ) {
      return null;
    }
    const prepared = preparedFor(body.query);
    if (!prepared) return null;
    if (operationName !== undefined && operationName !== null && operationName !== prepared.operationName)
      return null;

    const result: ExecutionResult = await prepared.compiled.query(
      undefined,
      context,
      (variables as Record<string, unknown> | null | undefined) ?? {},
    );
    // No data at all: the variables did not coerce, so no resolver ran. Apollo answers that (HTTP 400).
    if (!("data" in result) || result.data === undefined) return null;
    return respond(result);
  }

  function respond(result: ExecutionResult): FastResponse {
    const headers: Record<string, string> = { "content-type": JSON_CONTENT_TYPE };
    let status = 200;
    let errors: GraphQLFormattedError[] | undefined;
    if (result.errors?.length) {
      errors = result.errors.map((e) => {
        try {
          return options.formatError(enrich(e), e);
        } catch {
          return { message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR" } };
        }
      });
      // As the errorHttpStatus plugin does for database failures on Apollo's path.
      if (result.errors.some((e) => isDatabaseUnavailable(unwrapResolverError(e)))) {
        status = 503;
        headers["retry-after"] = "1";
        options.onDatabaseError();
      }
    }
    // Apollo's field order (errors, data, extensions) and its trailing newline.
    return {
      status,
      headers,
      body: `${JSON.stringify({ errors, data: result.data, extensions: result.extensions })}\n`,
    };
  }

  return { handle };
}

/** Apollo's normalisation before formatError: every error has an extensions.code. (Apollo also honours an
 * extensions.http status; no resolver here sets one.) */
function enrich(error: GraphQLError): GraphQLFormattedError {
  return {
    ...error.toJSON(),
    extensions: { ...error.extensions, code: error.extensions?.code ?? "INTERNAL_SERVER_ERROR" },
  };
}

export type FastPath = ReturnType<typeof createFastPath>;
