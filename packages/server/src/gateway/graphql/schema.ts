/**
 * The GraphQL schema. Queries and mutations are a thin layer over the REST and compatibility
 * APIs (resolved by injecting the same request, with the caller's credential, into the gateway),
 * so validation, RBAC, tenancy and audit stay where the REST routes enforce them.
 */
import { buildSchema, type GraphQLSchema } from 'graphql';

export const SDL = /* GraphQL */ `
  enum Role { viewer editor approver admin }
  enum Scope { ingest read write admin }

  type Principal { kind: String! tenant: String! subject: String! name: String! role: Role scopes: [Scope!] permissions: [String!]! }
  type ModuleReadiness { module: String! ready: Boolean! reason: String }
  type Status { version: String! roles: [String!]! modules: [ModuleReadiness!]! }
  type User { id: ID! tenant: String! username: String! role: Role! disabled: Boolean! createdAt: String! updatedAt: String! }
  type ApiKey { id: ID! tenant: String! name: String! scopes: [Scope!]! createdBy: String! createdAt: String! expiresAt: String revokedAt: String lastUsedAt: String }
  type CreatedApiKey { id: ID! name: String! scopes: [Scope!]! tenant: String! key: String! }
  type AuditRecord { seq: Int! at: String! actor: String! actorKind: String! action: String! targetType: String! targetId: String! sourceIp: String! before: String after: String }
  type TraceSummary { traceID: ID! rootServiceName: String rootTraceName: String startTimeUnixNano: String durationMs: Float }
  type LogLine { time: String! labels: String! line: String! }
  type MetricSample { labels: String! time: Float! value: String! }

  type Span { traceId: ID! spanId: ID! parentSpanId: String! service: String! name: String! kind: Int! startTimeUnixNano: String! durationNanos: String! statusCode: Int! statusMessage: String! attributes: String! resource: String! }
  type LogRecord { timeUnixNano: String! severityNumber: Int! severityText: String! service: String! body: String! traceId: String! spanId: String! attributes: String! resource: String! }

  input TailFilter { service: String severity: String text: String traceId: String attributes: [AttributeMatch!] }
  input AttributeMatch { key: String! value: String! }

  type Query {
    me: Principal!
    status: Status!
    users: [User!]!
    apiKeys(includeRevoked: Boolean = false): [ApiKey!]!
    audit(limit: Int = 50, action: String): [AuditRecord!]!
    "Service names (Tempo tag values of service.name)."
    services: [String!]!
    "TraceQL search over the Tempo-compatible API."
    traces(query: String, limit: Int = 20): [TraceSummary!]!
    "LogQL over the Loki-compatible API (last hour)."
    logs(query: String!, limit: Int = 100): [LogLine!]!
    "Instant PromQL query over the Prometheus-compatible API."
    metrics(query: String!, limit: Int = 100): [MetricSample!]!
  }

  type Mutation {
    createUser(username: String!, password: String!, role: Role = viewer): User!
    updateUser(id: ID!, role: Role, disabled: Boolean, password: String): User!
    deleteUser(id: ID!): Boolean!
    createApiKey(name: String!, scopes: [Scope!]!, expiresIn: String): CreatedApiKey!
    revokeApiKey(id: ID!): ApiKey!
  }

  type Subscription {
    spans(filter: TailFilter): Span!
    logs(filter: TailFilter): LogRecord!
  }
`;

export function gatewaySchema(): GraphQLSchema {
  return buildSchema(SDL);
}
