/** Reads the credential of a request: `Authorization: Bearer x`, or basic auth's password (as Grafana sends API keys). */
export function credentialFromHeaders(headers: Record<string, string | string[] | undefined>): string | undefined {
  const auth = headers['authorization'];
  const value = Array.isArray(auth) ? auth[0] : auth;
  if (value) {
    const m = /^(Bearer|Basic)\s+(.+)$/i.exec(value.trim());
    if (m) {
      if (m[1]!.toLowerCase() === 'bearer') return m[2]!;
      const decoded = Buffer.from(m[2]!, 'base64').toString('utf8');
      const i = decoded.indexOf(':');
      return i >= 0 ? decoded.slice(i + 1) : decoded;
    }
  }
  const key = headers['x-pointer-key'];
  return (Array.isArray(key) ? key[0] : key) || undefined;
}
