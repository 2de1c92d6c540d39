export { loadAdminToken, type AdminTokenVerifier } from './admin-token.js';
export { credentialFromHeaders } from './bearer.js';
export { GatewayAuth, type LoginResult, type Headers } from './gateway-auth.js';
export { Authenticator } from './authenticator.js';
export { GATEWAY_AUTH, RELATIONAL_STORE, RATE_LIMITER, AUDIT_LOG } from './keys.js';
export { PERMISSIONS, ALL_PERMISSIONS, ROLES, API_KEY_SCOPES, ROLE_PERMISSIONS, SCOPE_PERMISSIONS, type Permission } from './permissions.js';
export { DEFAULT_TENANT, TENANT_PATTERN, type Principal, type PrincipalKind } from './principal.js';
export { generateApiKey, parseApiKey } from './api-keys.js';
export { hashPassword, verifyPassword, checkPasswordPolicy } from './passwords.js';
