// Validation rules that bound what one query can cost, so a deeply nested, heavily aliased or fragment-multiplied
// query is refused before it runs: nesting depth, fields selected (through every fragment spread), and aliases
// (each alias of a field runs it again: 200 aliased recordUsage calls are a batch in disguise).
// Each fragment is measured once and memoised: walking it again at every spread is exponential in the number of
// fragments (F0 { ...F1 ...F1 }, F1 { ...F2 ...F2 }, ...), which hung the validator on a 40-line query.
import { GraphQLError, Kind, type ASTVisitor, type SelectionSetNode, type ValidationContext } from "graphql";

export const MAX_DEPTH = 10;
export const MAX_FIELDS = 500;
export const MAX_ALIASES = 30;
/** Largest number of lexical tokens in one document (checked by the parser, before any of the rules). */
export const MAX_TOKENS = 10_000;

interface Cost {
  /** Depth below the selection set's own level. */
  depth: number;
  fields: number;
  aliases: number;
}

function measure(set: SelectionSetNode, ctx: ValidationContext, memo: Map<string, Cost>, visiting: Set<string>): Cost {
  const total: Cost = { depth: 0, fields: 0, aliases: 0 };
  const add = (c: Cost, extraDepth: number) => {
    total.depth = Math.max(total.depth, c.depth + extraDepth);
    total.fields += c.fields;
    total.aliases += c.aliases;
  };
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) {
      total.fields++;
      if (sel.alias) total.aliases++;
      total.depth = Math.max(total.depth, 1);
      if (sel.selectionSet) add(measure(sel.selectionSet, ctx, memo, visiting), 1);
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      add(measure(sel.selectionSet, ctx, memo, visiting), 0);
    } else {
      const name = sel.name.value;
      if (visiting.has(name)) continue; // a cycle: graphql's own NoFragmentCycles rule reports it
      let cost = memo.get(name);
      if (!cost) {
        const frag = ctx.getFragment(name);
        if (!frag) continue; // unknown fragment: reported by KnownFragmentNames
        visiting.add(name);
        cost = measure(frag.selectionSet, ctx, memo, visiting);
        visiting.delete(name);
        memo.set(name, cost);
      }
      add(cost, 0);
    }
  }
  return total;
}

function limitRule(ctx: ValidationContext): ASTVisitor {
  const memo = new Map<string, Cost>();
  return {
    OperationDefinition(node) {
      const { depth, fields, aliases } = measure(node.selectionSet, ctx, memo, new Set());
      if (depth > MAX_DEPTH) {
        ctx.reportError(new GraphQLError(`Query is nested ${depth} levels deep; the limit is ${MAX_DEPTH}.`, { nodes: [node] }));
      }
      if (fields > MAX_FIELDS) {
        ctx.reportError(new GraphQLError(`Query selects ${fields} fields; the limit is ${MAX_FIELDS}.`, { nodes: [node] }));
      }
      if (aliases > MAX_ALIASES) {
        ctx.reportError(new GraphQLError(`Query uses ${aliases} aliases; the limit is ${MAX_ALIASES}.`, { nodes: [node] }));
      }
    },
  };
}

export const queryLimits = [limitRule];
