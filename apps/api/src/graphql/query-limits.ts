// Validation rules that bound what one query can cost: nesting depth and the number of fields selected (aliases
// included), so a deeply nested or heavily aliased query is refused before it runs.
import { GraphQLError, Kind, type ASTVisitor, type ValidationContext, type SelectionSetNode } from "graphql";

export const MAX_DEPTH = 10;
export const MAX_FIELDS = 500;

function depthAndFields(
  set: SelectionSetNode,
  ctx: ValidationContext,
  depth: number,
  seen: Set<string>,
): { depth: number; fields: number } {
  let maxDepth = depth;
  let fields = 0;
  for (const sel of set.selections) {
    let child: SelectionSetNode | undefined;
    if (sel.kind === Kind.FIELD) {
      fields++;
      child = sel.selectionSet;
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      child = sel.selectionSet;
    } else {
      const name = sel.name.value;
      if (seen.has(name)) continue; // cycles are reported by graphql's own NoFragmentCycles rule
      const frag = ctx.getFragment(name);
      if (!frag) continue;
      const r = depthAndFields(frag.selectionSet, ctx, depth, new Set([...seen, name]));
      maxDepth = Math.max(maxDepth, r.depth);
      fields += r.fields;
      continue;
    }
    if (child) {
      const r = depthAndFields(child, ctx, sel.kind === Kind.FIELD ? depth + 1 : depth, seen);
      maxDepth = Math.max(maxDepth, r.depth);
      fields += r.fields;
    }
  }
  return { depth: maxDepth, fields };
}

function limitRule(ctx: ValidationContext): ASTVisitor {
  return {
    OperationDefinition(node) {
      const { depth, fields } = depthAndFields(node.selectionSet, ctx, 1, new Set());
      if (depth > MAX_DEPTH) {
        ctx.reportError(new GraphQLError(`Query is nested ${depth} levels deep; the limit is ${MAX_DEPTH}.`, { nodes: [node] }));
      }
      if (fields > MAX_FIELDS) {
        ctx.reportError(new GraphQLError(`Query selects ${fields} fields; the limit is ${MAX_FIELDS}.`, { nodes: [node] }));
      }
    },
  };
}

export const queryLimits = [limitRule];
