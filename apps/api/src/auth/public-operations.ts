// Without a token, only signing in is possible. The check runs before execution on the parsed document, and it
// is default-deny: every root selection must be a plain field on this list (no fragments that could hide others).
import { Kind, parse, type OperationDefinitionNode } from "graphql";

const PUBLIC_ROOT_FIELDS = new Set(["signIn", "health", "__typename"]);

export function isPublicOperation(body: unknown): boolean {
  if (!body || typeof body !== "object") return false;
  const { query, operationName } = body as { query?: unknown; operationName?: unknown };
  if (typeof query !== "string" || query.length > 10_000) return false;
  let doc;
  try {
    doc = parse(query);
  } catch {
    return false;
  }
  const ops = doc.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  const op =
    typeof operationName === "string"
      ? ops.find((o) => o.name?.value === operationName)
      : ops.length === 1
        ? ops[0]
        : undefined;
  if (!op) return false;
  return op.selectionSet.selections.every(
    (s) => s.kind === Kind.FIELD && PUBLIC_ROOT_FIELDS.has(s.name.value),
  );
}
