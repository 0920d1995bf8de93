import { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import { TenantModel, BudgetModel, BudgetStatusModel, LedgerEntryModel, ApiKeyModel, AuditEntryModel, RecordUsageResultModel, BudgetCheckModel, UsageSummaryModel, UserModel, TenantSpendModel } from '../graphql/models.ts';
import { Context } from '../graphql/context.ts';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** Whole number that may pass 2^31 (token totals), serialized as a string. */
  BigInt: { input: bigint; output: bigint | number | string; }
  /** ISO-8601 date-time with a timezone, e.g. 2026-05-11T09:30:00Z. */
  DateTime: { input: Date; output: Date | string; }
  /** Exact decimal, serialized as a string: "0.114471". Send it as a string; JSON numbers would lose precision. */
  Decimal: { input: string; output: string; }
  JSON: { input: unknown; output: unknown; }
};

export type ApiKey = {
  __typename?: 'ApiKey';
  createdAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  lastUsedAt?: Maybe<Scalars['DateTime']['output']>;
  name: Scalars['String']['output'];
  /** The key's first characters, to recognise it; the key itself is shown once and never stored. */
  prefix: Scalars['String']['output'];
  revokedAt?: Maybe<Scalars['DateTime']['output']>;
};

export type AuditConnection = {
  __typename?: 'AuditConnection';
  nodes: Array<AuditEntry>;
  pageInfo: PageInfo;
};

export type AuditEntry = {
  __typename?: 'AuditEntry';
  action: Scalars['String']['output'];
  actor: Scalars['String']['output'];
  after?: Maybe<Scalars['JSON']['output']>;
  at: Scalars['DateTime']['output'];
  before?: Maybe<Scalars['JSON']['output']>;
  entityId: Scalars['String']['output'];
  entityType: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  /** The tenant the change concerns; null for platform events (console users). */
  tenant?: Maybe<Tenant>;
};

export type Budget = {
  __typename?: 'Budget';
  createdAt: Scalars['DateTime']['output'];
  /** The current window's cumulative ledger spend against the cap, with the blocked calls marked. */
  drift: BudgetDrift;
  enabled: Scalars['Boolean']['output'];
  enforcement: Enforcement;
  /** The current window and the ones before it, oldest first (TOTAL budgets have one window). At most 60. */
  history: Array<BudgetWindowSpend>;
  id: Scalars['ID']['output'];
  limitCostUsd?: Maybe<Scalars['Decimal']['output']>;
  limitTokens?: Maybe<Scalars['BigInt']['output']>;
  name: Scalars['String']['output'];
  period: BudgetPeriod;
  /** Start of the TOTAL window (null: the whole ledger). */
  startsAt?: Maybe<Scalars['DateTime']['output']>;
  /** The current window. */
  status: BudgetStatus;
  updatedAt: Scalars['DateTime']['output'];
  version: Scalars['Int']['output'];
};


export type BudgetHistoryArgs = {
  windows?: InputMaybe<Scalars['Int']['input']>;
};

export type BudgetCheck = {
  __typename?: 'BudgetCheck';
  allowed: Scalars['Boolean']['output'];
  budgets: Array<BudgetStatus>;
};

export type BudgetDrift = {
  __typename?: 'BudgetDrift';
  blockedEntries: Scalars['BigInt']['output'];
  /** Null: one point per ledger entry. Otherwise the window's entries were grouped into buckets of this many seconds. */
  bucketSeconds?: Maybe<Scalars['Int']['output']>;
  entries: Scalars['BigInt']['output'];
  limitCostUsd?: Maybe<Scalars['Decimal']['output']>;
  /** The spend above the cap: what a check-before-write tracker would have lost. */
  overCapUsd?: Maybe<Scalars['Decimal']['output']>;
  points: Array<DriftPoint>;
  usedCostUsd: Scalars['Decimal']['output'];
  windowEnd?: Maybe<Scalars['DateTime']['output']>;
  windowStart: Scalars['DateTime']['output'];
};

export type BudgetPeriod =
  | 'DAY'
  | 'MONTH'
  | 'TOTAL'
  | 'WEEK';

export type BudgetStatus = {
  __typename?: 'BudgetStatus';
  budget: Budget;
  /** Ledger entries in the window. */
  entries: Scalars['BigInt']['output'];
  /** used > limit on either limit. */
  exceeded: Scalars['Boolean']['output'];
  limitCostUsd?: Maybe<Scalars['Decimal']['output']>;
  limitTokens?: Maybe<Scalars['BigInt']['output']>;
  remainingCostUsd?: Maybe<Scalars['Decimal']['output']>;
  remainingTokens?: Maybe<Scalars['BigInt']['output']>;
  /** Entries in the window without a known cost: their tokens count, their dollars are not in usedCostUsd. */
  unpricedEntries: Scalars['BigInt']['output'];
  unpricedTokens: Scalars['BigInt']['output'];
  usedCostUsd: Scalars['Decimal']['output'];
  usedTokens: Scalars['BigInt']['output'];
  /** Exclusive; null for TOTAL. */
  windowEnd?: Maybe<Scalars['DateTime']['output']>;
  windowStart: Scalars['DateTime']['output'];
};

export type BudgetWindowSpend = {
  __typename?: 'BudgetWindowSpend';
  blockedEntries: Scalars['BigInt']['output'];
  costUsd: Scalars['Decimal']['output'];
  current: Scalars['Boolean']['output'];
  entries: Scalars['BigInt']['output'];
  exceeded: Scalars['Boolean']['output'];
  limitCostUsd?: Maybe<Scalars['Decimal']['output']>;
  limitTokens?: Maybe<Scalars['BigInt']['output']>;
  /** max(0, costUsd - limitCostUsd); null without a USD limit. */
  overCapUsd?: Maybe<Scalars['Decimal']['output']>;
  tokens: Scalars['BigInt']['output'];
  windowEnd?: Maybe<Scalars['DateTime']['output']>;
  windowStart: Scalars['DateTime']['output'];
};

export type CostSource =
  | 'CATALOG'
  | 'REPORTED'
  | 'UNPRICED';

export type CreateTenantInput = {
  name: Scalars['String']['input'];
  /** Lower-case letters, digits and dashes; 2 to 63 characters. */
  slug: Scalars['String']['input'];
  timezone?: InputMaybe<Scalars['String']['input']>;
};

export type CreateUserInput = {
  email: Scalars['String']['input'];
  name: Scalars['String']['input'];
  /** Initial password (at least 10 characters); the user can be given it out of band. */
  password: Scalars['String']['input'];
  role: UserRole;
};

export type CreatedApiKey = {
  __typename?: 'CreatedApiKey';
  apiKey: ApiKey;
  /** The secret: shown once, now. */
  key: Scalars['String']['output'];
};

export type DailySpend = {
  __typename?: 'DailySpend';
  costUsd: Scalars['Decimal']['output'];
  /** The local calendar day in the tenant's timezone, YYYY-MM-DD. */
  day: Scalars['String']['output'];
  entries: Scalars['BigInt']['output'];
  windowStart: Scalars['DateTime']['output'];
};

/** One point of the drift chart: the ledger's running total through the budget's current window. */
export type DriftPoint = {
  __typename?: 'DriftPoint';
  /** The entry's occurredAt, or the end of the bucket's last entry when bucketed. */
  at: Scalars['DateTime']['output'];
  /** Entries recorded with allowed: false at this point: the blocked-call markers. */
  blockedEntries: Scalars['Int']['output'];
  /** Spend of this point (null when all of its entries are unpriced). */
  costUsd?: Maybe<Scalars['Decimal']['output']>;
  cumulativeCostUsd: Scalars['Decimal']['output'];
  entries: Scalars['Int']['output'];
  unpricedEntries: Scalars['Int']['output'];
};

export type Enforcement =
  | 'HARD'
  | 'SOFT';

export type LedgerConnection = {
  __typename?: 'LedgerConnection';
  edges: Array<LedgerEdge>;
  nodes: Array<LedgerEntry>;
  pageInfo: PageInfo;
};

export type LedgerEdge = {
  __typename?: 'LedgerEdge';
  cursor: Scalars['String']['output'];
  node: LedgerEntry;
};

export type LedgerEntry = {
  __typename?: 'LedgerEntry';
  allowed: Scalars['Boolean']['output'];
  apiKeyId?: Maybe<Scalars['ID']['output']>;
  cacheReadTokens: Scalars['BigInt']['output'];
  cacheWriteTokens: Scalars['BigInt']['output'];
  costSource: CostSource;
  /** Null when UNPRICED: the cost is unknown, not zero. */
  costUsd?: Maybe<Scalars['Decimal']['output']>;
  id: Scalars['ID']['output'];
  idempotencyKey?: Maybe<Scalars['String']['output']>;
  inputTokens: Scalars['BigInt']['output'];
  metadata?: Maybe<Scalars['JSON']['output']>;
  model: Scalars['String']['output'];
  occurredAt: Scalars['DateTime']['output'];
  outputTokens: Scalars['BigInt']['output'];
  priceVersion?: Maybe<Scalars['String']['output']>;
  provider?: Maybe<Scalars['String']['output']>;
  reasoningTokens: Scalars['BigInt']['output'];
  recordedAt: Scalars['DateTime']['output'];
  totalTokens: Scalars['BigInt']['output'];
};

export type LedgerFilter = {
  allowed?: InputMaybe<Scalars['Boolean']['input']>;
  costSource?: InputMaybe<CostSource>;
  /** occurredAt >= from */
  from?: InputMaybe<Scalars['DateTime']['input']>;
  model?: InputMaybe<Scalars['String']['input']>;
  /** occurredAt < to */
  to?: InputMaybe<Scalars['DateTime']['input']>;
};

export type Mutation = {
  __typename?: 'Mutation';
  _noop?: Maybe<Scalars['Boolean']['output']>;
  createApiKey: CreatedApiKey;
  createTenant: Tenant;
  /** Admins only. */
  createUser: User;
  /** Admins only. Ends all of the user's sessions at once. */
  deactivateUser: User;
  /** Always records. Over budget is reported in `allowed`, never as an error. */
  recordUsage: RecordUsageResult;
  revokeApiKey: ApiKey;
  setBudget: Budget;
  /** Admins only. */
  setUserRole: User;
  /** The only operation allowed without a token. A wrong email and a wrong password get the same answer. */
  signIn: SignInResult;
  /** Ends the caller's session. */
  signOut: Scalars['Boolean']['output'];
};


export type MutationCreateApiKeyArgs = {
  name: Scalars['String']['input'];
  tenant: Scalars['String']['input'];
};


export type MutationCreateTenantArgs = {
  input: CreateTenantInput;
};


export type MutationCreateUserArgs = {
  input: CreateUserInput;
};


export type MutationDeactivateUserArgs = {
  id: Scalars['ID']['input'];
};


export type MutationRecordUsageArgs = {
  input: RecordUsageInput;
};


export type MutationRevokeApiKeyArgs = {
  id: Scalars['ID']['input'];
  tenant: Scalars['String']['input'];
};


export type MutationSetBudgetArgs = {
  input: SetBudgetInput;
};


export type MutationSetUserRoleArgs = {
  id: Scalars['ID']['input'];
  role: UserRole;
};


export type MutationSignInArgs = {
  email: Scalars['String']['input'];
  password: Scalars['String']['input'];
};

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

export type Query = {
  __typename?: 'Query';
  /** Every change across tenants and users (console users and the admin token). Newest first; `tenant` narrows it to one tenant. */
  auditLog: AuditConnection;
  /** Would a usage of this size be allowed now? Counts nothing. */
  checkBudget: BudgetCheck;
  /** Liveness of the API itself. */
  health: Scalars['String']['output'];
  /** The signed-in console user; null for the admin token or a service key. */
  me?: Maybe<User>;
  tenant?: Maybe<Tenant>;
  /** Console users and the admin token. */
  tenants: Array<Tenant>;
  /** Admins only. */
  users: Array<User>;
};


export type QueryAuditLogArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  tenant?: InputMaybe<Scalars['String']['input']>;
};


export type QueryCheckBudgetArgs = {
  estimatedCostUsd?: InputMaybe<Scalars['Decimal']['input']>;
  estimatedTokens?: InputMaybe<Scalars['BigInt']['input']>;
  tenant: Scalars['String']['input'];
};


export type QueryTenantArgs = {
  slug: Scalars['String']['input'];
};

export type RecordUsageInput = {
  /** The part of inputTokens read from cache. */
  cacheReadTokens?: InputMaybe<Scalars['Int']['input']>;
  /** The part of inputTokens written to cache. */
  cacheWriteTokens?: InputMaybe<Scalars['Int']['input']>;
  /** What the call cost; absent: priced by the server, or UNPRICED. */
  costUsd?: InputMaybe<Scalars['Decimal']['input']>;
  /** Unique per tenant; a retry with the same key and payload returns the first result and writes nothing. */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** ALL input tokens, cache reads and writes included. */
  inputTokens: Scalars['Int']['input'];
  /** A JSON object of at most 8 KiB. */
  metadata?: InputMaybe<Scalars['JSON']['input']>;
  model: Scalars['String']['input'];
  /** When the call happened (default: now); decides the window it counts in. */
  occurredAt?: InputMaybe<Scalars['DateTime']['input']>;
  /** ALL output tokens, reasoning included. */
  outputTokens: Scalars['Int']['input'];
  provider?: InputMaybe<Scalars['String']['input']>;
  /** The part of outputTokens spent on reasoning. */
  reasoningTokens?: InputMaybe<Scalars['Int']['input']>;
  tenant: Scalars['String']['input'];
};

export type RecordUsageResult = {
  __typename?: 'RecordUsageResult';
  /** False when a HARD budget this usage counts toward is now above its limit. */
  allowed: Scalars['Boolean']['output'];
  /** Each enabled budget the usage counted toward, after this usage. */
  budgets: Array<BudgetStatus>;
  /** True when this answers a replay of an idempotency key already recorded. */
  duplicate: Scalars['Boolean']['output'];
  entry: LedgerEntry;
  /** True whenever the mutation succeeds: the usage is in the ledger. */
  recorded: Scalars['Boolean']['output'];
};

export type SetBudgetInput = {
  enabled?: InputMaybe<Scalars['Boolean']['input']>;
  enforcement?: InputMaybe<Enforcement>;
  /** Update this budget; absent: create one. */
  id?: InputMaybe<Scalars['ID']['input']>;
  /** At least one of the two limits. */
  limitCostUsd?: InputMaybe<Scalars['Decimal']['input']>;
  limitTokens?: InputMaybe<Scalars['BigInt']['input']>;
  name: Scalars['String']['input'];
  period: BudgetPeriod;
  /** Start of a TOTAL budget's window (default: the whole ledger). Not allowed for other periods. */
  startsAt?: InputMaybe<Scalars['DateTime']['input']>;
  tenant: Scalars['String']['input'];
};

export type SignInResult = {
  __typename?: 'SignInResult';
  expiresAt: Scalars['DateTime']['output'];
  /** Opaque session token: send it as `Authorization: Bearer <token>`. The console keeps it in an http-only cookie. */
  token: Scalars['String']['output'];
  user: User;
};

/** Ledger totals over one window, against the tightest USD cap of that period. */
export type SpendWindow = {
  __typename?: 'SpendWindow';
  /** Entries recorded with allowed: false. */
  blockedEntries: Scalars['BigInt']['output'];
  capBudgetId?: Maybe<Scalars['ID']['output']>;
  capEnforcement?: Maybe<Enforcement>;
  /** The tightest enabled USD limit among the tenant's budgets of this period; null when there is none. */
  capUsd?: Maybe<Scalars['Decimal']['output']>;
  costUsd: Scalars['Decimal']['output'];
  entries: Scalars['BigInt']['output'];
  exceeded: Scalars['Boolean']['output'];
  /** max(0, costUsd - capUsd); null without a cap. */
  overCapUsd?: Maybe<Scalars['Decimal']['output']>;
  /** costUsd / capUsd x 100, rounded to two decimals; null without a cap. */
  percentOfCap?: Maybe<Scalars['Decimal']['output']>;
  tokens: Scalars['BigInt']['output'];
  /** Entries without a known cost (their dollars are not in costUsd). */
  unpricedEntries: Scalars['BigInt']['output'];
  /** Exclusive. */
  windowEnd?: Maybe<Scalars['DateTime']['output']>;
  windowStart: Scalars['DateTime']['output'];
};

export type Tenant = {
  __typename?: 'Tenant';
  /** Console users and the admin token (prefixes only; keys are never stored). */
  apiKeys: Array<ApiKey>;
  /** Console users and the admin token. Newest first. */
  auditLog: AuditConnection;
  /** One budget of this tenant; null when the tenant has no budget with this id. */
  budget?: Maybe<Budget>;
  budgets: Array<Budget>;
  createdAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  /** Newest first. `first` is at most 500. */
  ledger: LedgerConnection;
  /** The models that appear in this tenant's ledger, for filters. */
  models: Array<Scalars['String']['output']>;
  name: Scalars['String']['output'];
  slug: Scalars['String']['output'];
  /** Spend against caps, computed from the ledger (batched across tenants). */
  spend: TenantSpend;
  /** IANA timezone in which the tenant's DAY / WEEK / MONTH windows are calendar windows. */
  timezone: Scalars['String']['output'];
  /** Totals over the ledger in [from, to) (default: all of it). */
  usageSummary: UsageSummary;
};


export type TenantAuditLogArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type TenantBudgetArgs = {
  id: Scalars['ID']['input'];
};


export type TenantBudgetsArgs = {
  includeDisabled?: InputMaybe<Scalars['Boolean']['input']>;
};


export type TenantLedgerArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<LedgerFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type TenantUsageSummaryArgs = {
  from?: InputMaybe<Scalars['DateTime']['input']>;
  to?: InputMaybe<Scalars['DateTime']['input']>;
};

export type TenantSpend = {
  __typename?: 'TenantSpend';
  /** Spend per local day, oldest first, ending today. At most 92 days. */
  daily: Array<DailySpend>;
  /** Some enabled HARD budget (any period, USD or tokens) is above its limit in its current window. */
  hardCapExceeded: Scalars['Boolean']['output'];
  /** This calendar month in the tenant's timezone, against the tightest MONTH cap. */
  month: SpendWindow;
  /** Today in the tenant's timezone, against the tightest DAY cap. */
  today: SpendWindow;
};


export type TenantSpendDailyArgs = {
  days?: InputMaybe<Scalars['Int']['input']>;
};

export type UsageSummary = {
  __typename?: 'UsageSummary';
  /** Spend of the entries recorded with allowed: false. */
  blockedCostUsd: Scalars['Decimal']['output'];
  /** Entries recorded with allowed: false. */
  blockedEntries: Scalars['BigInt']['output'];
  costUsd: Scalars['Decimal']['output'];
  entries: Scalars['BigInt']['output'];
  inputTokens: Scalars['BigInt']['output'];
  outputTokens: Scalars['BigInt']['output'];
  unpricedEntries: Scalars['BigInt']['output'];
  unpricedTokens: Scalars['BigInt']['output'];
};

export type User = {
  __typename?: 'User';
  active: Scalars['Boolean']['output'];
  createdAt: Scalars['DateTime']['output'];
  deactivatedAt?: Maybe<Scalars['DateTime']['output']>;
  email: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  role: UserRole;
};

export type UserRole =
  /** Everything: tenants, budgets, API keys, users. */
  | 'ADMIN'
  /** Reads everything and exports; changes nothing. */
  | 'FINANCE'
  /** Reads dashboards. */
  | 'VIEWER';



export type ResolverTypeWrapper<T> = Promise<T> | T;


export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;





/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  ApiKey: ResolverTypeWrapper<ApiKeyModel>;
  AuditConnection: ResolverTypeWrapper<Omit<AuditConnection, 'nodes'> & { nodes: Array<ResolversTypes['AuditEntry']> }>;
  AuditEntry: ResolverTypeWrapper<AuditEntryModel>;
  BigInt: ResolverTypeWrapper<Scalars['BigInt']['output']>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Budget: ResolverTypeWrapper<BudgetModel>;
  BudgetCheck: ResolverTypeWrapper<BudgetCheckModel>;
  BudgetDrift: ResolverTypeWrapper<BudgetDrift>;
  BudgetPeriod: BudgetPeriod;
  BudgetStatus: ResolverTypeWrapper<BudgetStatusModel>;
  BudgetWindowSpend: ResolverTypeWrapper<BudgetWindowSpend>;
  CostSource: CostSource;
  CreateTenantInput: CreateTenantInput;
  CreateUserInput: CreateUserInput;
  CreatedApiKey: ResolverTypeWrapper<Omit<CreatedApiKey, 'apiKey'> & { apiKey: ResolversTypes['ApiKey'] }>;
  DailySpend: ResolverTypeWrapper<DailySpend>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  Decimal: ResolverTypeWrapper<Scalars['Decimal']['output']>;
  DriftPoint: ResolverTypeWrapper<DriftPoint>;
  Enforcement: Enforcement;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  JSON: ResolverTypeWrapper<Scalars['JSON']['output']>;
  LedgerConnection: ResolverTypeWrapper<Omit<LedgerConnection, 'edges' | 'nodes'> & { edges: Array<ResolversTypes['LedgerEdge']>, nodes: Array<ResolversTypes['LedgerEntry']> }>;
  LedgerEdge: ResolverTypeWrapper<Omit<LedgerEdge, 'node'> & { node: ResolversTypes['LedgerEntry'] }>;
  LedgerEntry: ResolverTypeWrapper<LedgerEntryModel>;
  LedgerFilter: LedgerFilter;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  RecordUsageInput: RecordUsageInput;
  RecordUsageResult: ResolverTypeWrapper<RecordUsageResultModel>;
  SetBudgetInput: SetBudgetInput;
  SignInResult: ResolverTypeWrapper<Omit<SignInResult, 'user'> & { user: ResolversTypes['User'] }>;
  SpendWindow: ResolverTypeWrapper<SpendWindow>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  Tenant: ResolverTypeWrapper<TenantModel>;
  TenantSpend: ResolverTypeWrapper<TenantSpendModel>;
  UsageSummary: ResolverTypeWrapper<UsageSummaryModel>;
  User: ResolverTypeWrapper<UserModel>;
  UserRole: UserRole;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  ApiKey: ApiKeyModel;
  AuditConnection: Omit<AuditConnection, 'nodes'> & { nodes: Array<ResolversParentTypes['AuditEntry']> };
  AuditEntry: AuditEntryModel;
  BigInt: Scalars['BigInt']['output'];
  Boolean: Scalars['Boolean']['output'];
  Budget: BudgetModel;
  BudgetCheck: BudgetCheckModel;
  BudgetDrift: BudgetDrift;
  BudgetStatus: BudgetStatusModel;
  BudgetWindowSpend: BudgetWindowSpend;
  CreateTenantInput: CreateTenantInput;
  CreateUserInput: CreateUserInput;
  CreatedApiKey: Omit<CreatedApiKey, 'apiKey'> & { apiKey: ResolversParentTypes['ApiKey'] };
  DailySpend: DailySpend;
  DateTime: Scalars['DateTime']['output'];
  Decimal: Scalars['Decimal']['output'];
  DriftPoint: DriftPoint;
  ID: Scalars['ID']['output'];
  Int: Scalars['Int']['output'];
  JSON: Scalars['JSON']['output'];
  LedgerConnection: Omit<LedgerConnection, 'edges' | 'nodes'> & { edges: Array<ResolversParentTypes['LedgerEdge']>, nodes: Array<ResolversParentTypes['LedgerEntry']> };
  LedgerEdge: Omit<LedgerEdge, 'node'> & { node: ResolversParentTypes['LedgerEntry'] };
  LedgerEntry: LedgerEntryModel;
  LedgerFilter: LedgerFilter;
  Mutation: Record<PropertyKey, never>;
  PageInfo: PageInfo;
  Query: Record<PropertyKey, never>;
  RecordUsageInput: RecordUsageInput;
  RecordUsageResult: RecordUsageResultModel;
  SetBudgetInput: SetBudgetInput;
  SignInResult: Omit<SignInResult, 'user'> & { user: ResolversParentTypes['User'] };
  SpendWindow: SpendWindow;
  String: Scalars['String']['output'];
  Tenant: TenantModel;
  TenantSpend: TenantSpendModel;
  UsageSummary: UsageSummaryModel;
  User: UserModel;
};

export type ApiKeyResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ApiKey'] = ResolversParentTypes['ApiKey']> = {
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  lastUsedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  prefix?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  revokedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
};

export type AuditConnectionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['AuditConnection'] = ResolversParentTypes['AuditConnection']> = {
  nodes?: Resolver<Array<ResolversTypes['AuditEntry']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type AuditEntryResolvers<ContextType = Context, ParentType extends ResolversParentTypes['AuditEntry'] = ResolversParentTypes['AuditEntry']> = {
  action?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  actor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  after?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  before?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  entityId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  entityType?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  tenant?: Resolver<Maybe<ResolversTypes['Tenant']>, ParentType, ContextType>;
};

export interface BigIntScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['BigInt'], any> {
  name: 'BigInt';
}

export type BudgetResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Budget'] = ResolversParentTypes['Budget']> = {
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  drift?: Resolver<ResolversTypes['BudgetDrift'], ParentType, ContextType>;
  enabled?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  enforcement?: Resolver<ResolversTypes['Enforcement'], ParentType, ContextType>;
  history?: Resolver<Array<ResolversTypes['BudgetWindowSpend']>, ParentType, ContextType, RequireFields<BudgetHistoryArgs, 'windows'>>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  limitCostUsd?: Resolver<Maybe<ResolversTypes['Decimal']>, ParentType, ContextType>;
  limitTokens?: Resolver<Maybe<ResolversTypes['BigInt']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  period?: Resolver<ResolversTypes['BudgetPeriod'], ParentType, ContextType>;
  startsAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['BudgetStatus'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type BudgetCheckResolvers<ContextType = Context, ParentType extends ResolversParentTypes['BudgetCheck'] = ResolversParentTypes['BudgetCheck']> = {
  allowed?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  budgets?: Resolver<Array<ResolversTypes['BudgetStatus']>, ParentType, ContextType>;
};

export type BudgetDriftResolvers<ContextType = Context, ParentType extends ResolversParentTypes['BudgetDrift'] = ResolversParentTypes['BudgetDrift']> = {
  blockedEntries?: Resolver<ResolversTypes['BigInt'], ParentType, ContextType>;
  bucketSeconds?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  entries?: Resolver<ResolversTypes['BigInt'], ParentType, ContextType>;
  limitCostUsd?: Resolver<Maybe<ResolversTypes['Decimal']>, ParentType, ContextType>;
  overCapUsd?: Resolver<Maybe<ResolversTypes['Decimal']>, ParentType, ContextType>;
  points?: Resolver<Array<ResolversTypes['DriftPoint']>, ParentType, ContextType>;
  usedCostUsd?: Resolver<ResolversTypes['Decimal'], ParentType, ContextType>;
  windowEnd?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  windowStart?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
};

export type BudgetStatusResolvers<ContextType = Context, ParentType extends ResolversParentTypes['BudgetStatus'] = ResolversParentTypes['BudgetStatus']> = {
  budget?: Resolver<ResolversTypes['Budget'], ParentType, ContextType>;
  entries?: Resolver<ResolversTypes['BigInt'], ParentType, ContextType>;
  exceeded?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  limitCostUsd?: Resolver<Maybe<ResolversTypes['Decimal']>, ParentType, ContextType>;
  limitTokens?: Resolver<Maybe<ResolversTypes['BigInt']>, ParentType, ContextType>;
  remainingCostUsd?: Resolver<Maybe<ResolversTypes['Decimal']>, ParentType, ContextType>;
  remainingTokens?: Resolver<Maybe<ResolversTypes['BigInt']>, ParentType, ContextType>;
  unpricedEntries?: Resolver<ResolversTypes['BigInt'], ParentType, ContextType>;
  unpricedTokens?: Resolver<ResolversTypes['BigInt'], ParentType, ContextType>;
  usedCostUsd?: Resolver<ResolversTypes['Decimal'], ParentType, ContextType>;
  usedTokens?: Resolver<ResolversTypes['BigInt'], ParentType, ContextType>;
  windowEnd?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  windowStart?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
};

export type BudgetWindowSpendResolvers<ContextType = Context, ParentType extends ResolversParentTypes['BudgetWindowSpend'] = ResolversParentTypes['BudgetWindowSpend']> = {
  blockedEntries?: Resolver<ResolversTypes['BigInt'], ParentType, ContextType>;
  costUsd?: Resolver<ResolversTypes['Decimal'], ParentType, ContextType>;
  current?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  entries?: Resolver<ResolversTypes['BigInt'], ParentType, ContextType>;
  exceeded?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  limitCostUsd?: Resolver<Maybe<ResolversTypes['Decimal']>, ParentType, ContextType>;
  limitTokens?: Resolver<Maybe<ResolversTypes['BigInt']>, ParentType, ContextType>;
  overCapUsd?: Resolver<Maybe<ResolversTypes['Decimal']>, ParentType, ContextType>;
  tokens?: Resolver<ResolversTypes['BigInt'], ParentType, ContextType>;
  windowEnd?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  windowStart?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
};

export type CreatedApiKeyResolvers<ContextType = Context, ParentType extends ResolversParentTypes['CreatedApiKey'] = ResolversParentTypes['CreatedApiKey']> = {
  apiKey?: Resolver<ResolversTypes['ApiKey'], ParentType, ContextType>;
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type DailySpendResolvers<ContextType = Context, ParentType extends ResolversParentTypes['DailySpend'] = ResolversParentTypes['DailySpend']> = {
  costUsd?: Resolver<ResolversTypes['Decimal'], ParentType, ContextType>;
  day?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  entries?: Resolver<ResolversTypes['BigInt'], ParentType, ContextType>;
  windowStart?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
};

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export interface DecimalScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['Decimal'], any> {
  name: 'Decimal';
}

export type DriftPointResolvers<ContextType = Context, ParentType extends ResolversParentTypes['DriftPoint'] = ResolversParentTypes['DriftPoint']> = {
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  blockedEntries?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  costUsd?: Resolver<Maybe<ResolversTypes['Decimal']>, ParentType, ContextType>;
  cumulativeCostUsd?: Resolver<ResolversTypes['Decimal'], ParentType, ContextType>;
  entries?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  unpricedEntries?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export interface JsonScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['JSON'], any> {
  name: 'JSON';
}

export type LedgerConnectionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['LedgerConnection'] = ResolversParentTypes['LedgerConnection']> = {
  edges?: Resolver<Array<ResolversTypes['LedgerEdge']>, ParentType, ContextType>;
  nodes?: Resolver<Array<ResolversTypes['LedgerEntry']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type LedgerEdgeResolvers<ContextType = Context, ParentType extends ResolversParentTypes['LedgerEdge'] = ResolversParentTypes['LedgerEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['LedgerEntry'], ParentType, ContextType>;
};

export type LedgerEntryResolvers<ContextType = Context, ParentType extends ResolversParentTypes['LedgerEntry'] = ResolversParentTypes['LedgerEntry']> = {
  allowed?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  apiKeyId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  cacheReadTokens?: Resolver<ResolversTypes['BigInt'], ParentType, ContextType>;
  cacheWriteTokens?: Resolver<ResolversTypes['BigInt'], ParentType, ContextType>;
  costSource?: Resolver<ResolversTypes['CostSource'], ParentType, ContextType>;
  costUsd?: Resolver<Maybe<ResolversTypes['Decimal']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  idempotencyKey?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  inputTokens?: Resolver<ResolversTypes['BigInt'], ParentType, ContextType>;
  metadata?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  model?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  occurredAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  outputTokens?: Resolver<ResolversTypes['BigInt'], ParentType, ContextType>;
  priceVersion?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  provider?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  reasoningTokens?: Resolver<ResolversTypes['BigInt'], ParentType, ContextType>;
  recordedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  totalTokens?: Resolver<ResolversTypes['BigInt'], ParentType, ContextType>;
};

export type MutationResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  _noop?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
  createApiKey?: Resolver<ResolversTypes['CreatedApiKey'], ParentType, ContextType, RequireFields<MutationCreateApiKeyArgs, 'name' | 'tenant'>>;
  createTenant?: Resolver<ResolversTypes['Tenant'], ParentType, ContextType, RequireFields<MutationCreateTenantArgs, 'input'>>;
  createUser?: Resolver<ResolversTypes['User'], ParentType, ContextType, RequireFields<MutationCreateUserArgs, 'input'>>;
  deactivateUser?: Resolver<ResolversTypes['User'], ParentType, ContextType, RequireFields<MutationDeactivateUserArgs, 'id'>>;
  recordUsage?: Resolver<ResolversTypes['RecordUsageResult'], ParentType, ContextType, RequireFields<MutationRecordUsageArgs, 'input'>>;
  revokeApiKey?: Resolver<ResolversTypes['ApiKey'], ParentType, ContextType, RequireFields<MutationRevokeApiKeyArgs, 'id' | 'tenant'>>;
  setBudget?: Resolver<ResolversTypes['Budget'], ParentType, ContextType, RequireFields<MutationSetBudgetArgs, 'input'>>;
  setUserRole?: Resolver<ResolversTypes['User'], ParentType, ContextType, RequireFields<MutationSetUserRoleArgs, 'id' | 'role'>>;
  signIn?: Resolver<ResolversTypes['SignInResult'], ParentType, ContextType, RequireFields<MutationSignInArgs, 'email' | 'password'>>;
  signOut?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type PageInfoResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = {
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type QueryResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  auditLog?: Resolver<ResolversTypes['AuditConnection'], ParentType, ContextType, RequireFields<QueryAuditLogArgs, 'first'>>;
  checkBudget?: Resolver<ResolversTypes['BudgetCheck'], ParentType, ContextType, RequireFields<QueryCheckBudgetArgs, 'tenant'>>;
  health?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  me?: Resolver<Maybe<ResolversTypes['User']>, ParentType, ContextType>;
  tenant?: Resolver<Maybe<ResolversTypes['Tenant']>, ParentType, ContextType, RequireFields<QueryTenantArgs, 'slug'>>;
  tenants?: Resolver<Array<ResolversTypes['Tenant']>, ParentType, ContextType>;
  users?: Resolver<Array<ResolversTypes['User']>, ParentType, ContextType>;
};

export type RecordUsageResultResolvers<ContextType = Context, ParentType extends ResolversParentTypes['RecordUsageResult'] = ResolversParentTypes['RecordUsageResult']> = {
  allowed?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  budgets?: Resolver<Array<ResolversTypes['BudgetStatus']>, ParentType, ContextType>;
  duplicate?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  entry?: Resolver<ResolversTypes['LedgerEntry'], ParentType, ContextType>;
  recorded?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type SignInResultResolvers<ContextType = Context, ParentType extends ResolversParentTypes['SignInResult'] = ResolversParentTypes['SignInResult']> = {
  expiresAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  token?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  user?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
};

export type SpendWindowResolvers<ContextType = Context, ParentType extends ResolversParentTypes['SpendWindow'] = ResolversParentTypes['SpendWindow']> = {
  blockedEntries?: Resolver<ResolversTypes['BigInt'], ParentType, ContextType>;
  capBudgetId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  capEnforcement?: Resolver<Maybe<ResolversTypes['Enforcement']>, ParentType, ContextType>;
  capUsd?: Resolver<Maybe<ResolversTypes['Decimal']>, ParentType, ContextType>;
  costUsd?: Resolver<ResolversTypes['Decimal'], ParentType, ContextType>;
  entries?: Resolver<ResolversTypes['BigInt'], ParentType, ContextType>;
  exceeded?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  overCapUsd?: Resolver<Maybe<ResolversTypes['Decimal']>, ParentType, ContextType>;
  percentOfCap?: Resolver<Maybe<ResolversTypes['Decimal']>, ParentType, ContextType>;
  tokens?: Resolver<ResolversTypes['BigInt'], ParentType, ContextType>;
  unpricedEntries?: Resolver<ResolversTypes['BigInt'], ParentType, ContextType>;
  windowEnd?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  windowStart?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
};

export type TenantResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Tenant'] = ResolversParentTypes['Tenant']> = {
  apiKeys?: Resolver<Array<ResolversTypes['ApiKey']>, ParentType, ContextType>;
  auditLog?: Resolver<ResolversTypes['AuditConnection'], ParentType, ContextType, RequireFields<TenantAuditLogArgs, 'first'>>;
  budget?: Resolver<Maybe<ResolversTypes['Budget']>, ParentType, ContextType, RequireFields<TenantBudgetArgs, 'id'>>;
  budgets?: Resolver<Array<ResolversTypes['Budget']>, ParentType, ContextType, RequireFields<TenantBudgetsArgs, 'includeDisabled'>>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  ledger?: Resolver<ResolversTypes['LedgerConnection'], ParentType, ContextType, RequireFields<TenantLedgerArgs, 'first'>>;
  models?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  slug?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  spend?: Resolver<ResolversTypes['TenantSpend'], ParentType, ContextType>;
  timezone?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  usageSummary?: Resolver<ResolversTypes['UsageSummary'], ParentType, ContextType, Partial<TenantUsageSummaryArgs>>;
};

export type TenantSpendResolvers<ContextType = Context, ParentType extends ResolversParentTypes['TenantSpend'] = ResolversParentTypes['TenantSpend']> = {
  daily?: Resolver<Array<ResolversTypes['DailySpend']>, ParentType, ContextType, RequireFields<TenantSpendDailyArgs, 'days'>>;
  hardCapExceeded?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  month?: Resolver<ResolversTypes['SpendWindow'], ParentType, ContextType>;
  today?: Resolver<ResolversTypes['SpendWindow'], ParentType, ContextType>;
};

export type UsageSummaryResolvers<ContextType = Context, ParentType extends ResolversParentTypes['UsageSummary'] = ResolversParentTypes['UsageSummary']> = {
  blockedCostUsd?: Resolver<ResolversTypes['Decimal'], ParentType, ContextType>;
  blockedEntries?: Resolver<ResolversTypes['BigInt'], ParentType, ContextType>;
  costUsd?: Resolver<ResolversTypes['Decimal'], ParentType, ContextType>;
  entries?: Resolver<ResolversTypes['BigInt'], ParentType, ContextType>;
  inputTokens?: Resolver<ResolversTypes['BigInt'], ParentType, ContextType>;
  outputTokens?: Resolver<ResolversTypes['BigInt'], ParentType, ContextType>;
  unpricedEntries?: Resolver<ResolversTypes['BigInt'], ParentType, ContextType>;
  unpricedTokens?: Resolver<ResolversTypes['BigInt'], ParentType, ContextType>;
};

export type UserResolvers<ContextType = Context, ParentType extends ResolversParentTypes['User'] = ResolversParentTypes['User']> = {
  active?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  deactivatedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  email?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  role?: Resolver<ResolversTypes['UserRole'], ParentType, ContextType>;
};

export type Resolvers<ContextType = Context> = {
  ApiKey?: ApiKeyResolvers<ContextType>;
  AuditConnection?: AuditConnectionResolvers<ContextType>;
  AuditEntry?: AuditEntryResolvers<ContextType>;
  BigInt?: GraphQLScalarType;
  Budget?: BudgetResolvers<ContextType>;
  BudgetCheck?: BudgetCheckResolvers<ContextType>;
  BudgetDrift?: BudgetDriftResolvers<ContextType>;
  BudgetStatus?: BudgetStatusResolvers<ContextType>;
  BudgetWindowSpend?: BudgetWindowSpendResolvers<ContextType>;
  CreatedApiKey?: CreatedApiKeyResolvers<ContextType>;
  DailySpend?: DailySpendResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  Decimal?: GraphQLScalarType;
  DriftPoint?: DriftPointResolvers<ContextType>;
  JSON?: GraphQLScalarType;
  LedgerConnection?: LedgerConnectionResolvers<ContextType>;
  LedgerEdge?: LedgerEdgeResolvers<ContextType>;
  LedgerEntry?: LedgerEntryResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  RecordUsageResult?: RecordUsageResultResolvers<ContextType>;
  SignInResult?: SignInResultResolvers<ContextType>;
  SpendWindow?: SpendWindowResolvers<ContextType>;
  Tenant?: TenantResolvers<ContextType>;
  TenantSpend?: TenantSpendResolvers<ContextType>;
  UsageSummary?: UsageSummaryResolvers<ContextType>;
  User?: UserResolvers<ContextType>;
};

