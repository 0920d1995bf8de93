// Custom scalars. Decimal keeps the exact digits the client wrote: a string, or a literal in the query text
// (whose source digits GraphQL keeps). A JSON number in variables has already been through a float, so it is
// refused rather than silently rounded. Range and format checks happen in the domain, which names the field.
import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from "graphql";
import { parseInstant } from "@spendline/domain";

const bad = (message: string) => new GraphQLError(message, { extensions: { code: "BAD_USER_INPUT" } });

export const DecimalScalar = new GraphQLScalarType<string, string>({
  name: "Decimal",
  serialize: (v) => {
    if (typeof v === "string") return v;
    if (v && typeof v === "object" && "toFixed" in v) return (v as { toFixed(): string }).toFixed();
    throw new Error(`Decimal cannot serialize ${typeof v}`);
  },
  parseValue: (v) => {
    if (typeof v !== "string") throw bad("Decimal values must be sent as strings, e.g. \"0.114471\"");
    return v;
  },
  parseLiteral: (ast: ValueNode) => {
    if (ast.kind === Kind.STRING || ast.kind === Kind.FLOAT || ast.kind === Kind.INT) return ast.value;
    throw bad("Decimal values must be strings or numeric literals");
  },
});

function toBigInt(v: unknown): bigint {
  if (typeof v === "bigint") return v;
  if (typeof v === "number" && Number.isSafeInteger(v)) return BigInt(v);
  if (typeof v === "string" && /^-?\d{1,19}$/.test(v.trim())) return BigInt(v.trim());
  throw bad("BigInt values must be whole numbers (as strings above 2^53)");
}

export const BigIntScalar = new GraphQLScalarType<bigint, string>({
  name: "BigInt",
  serialize: (v) => {
    if (typeof v === "bigint" || typeof v === "number") return v.toString();
    if (typeof v === "string" && /^-?\d+$/.test(v)) return v;
    throw new Error(`BigInt cannot serialize ${String(v)}`);
  },
  parseValue: toBigInt,
  parseLiteral: (ast) => {
    if (ast.kind === Kind.INT || ast.kind === Kind.STRING) return toBigInt(ast.value);
    throw bad("BigInt values must be whole numbers");
  },
});

function toDate(v: unknown): Date {
  try {
    return parseInstant(v, "DateTime");
  } catch (e) {
    throw bad((e as Error).message);
  }
}

export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: "DateTime",
  serialize: (v) => {
    if (v instanceof Date) return v.toISOString();
    if (typeof v === "string") return new Date(v).toISOString();
    throw new Error("DateTime cannot serialize a non-date");
  },
  parseValue: toDate,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw bad("DateTime values must be ISO-8601 strings");
    return toDate(ast.value);
  },
});

function literalToJson(ast: ValueNode): unknown {
  switch (ast.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return ast.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(ast.value);
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return ast.values.map(literalToJson);
    case Kind.OBJECT:
      return Object.fromEntries(ast.fields.map((f) => [f.name.value, literalToJson(f.value)]));
    default:
      throw bad("JSON literals cannot contain variables");
  }
}

export const JSONScalar = new GraphQLScalarType<unknown, unknown>({
  name: "JSON",
  serialize: (v) => v,
  parseValue: (v) => v,
  parseLiteral: literalToJson,
});
