export { loadAdminToken, type AdminTokenVerifier } from './admin-token.js';
export { credentialFromHeaders } from './bearer.js';
