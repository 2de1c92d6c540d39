// API-key lifecycle with an admin credential: create (the key is shown once), list, revoke.
import { PointerClient } from '@pointer/sdk';

const pointer = new PointerClient({ url: process.env.POINTER_URL ?? 'http://127.0.0.1:9080', token: process.env.POINTER_TOKEN });
const me = await pointer.auth.me();
console.log(`acting as ${me.name} in tenant ${me.tenant}`);
const created = await pointer.keys.create({ name: 'example-collector', scopes: ['ingest'], expiresIn: '1d' });
console.log(`created ${created.id}; key (shown once): ${created.key}`);
console.log('keys:', (await pointer.keys.list()).map((k) => `${k.id} ${k.name} [${k.scopes}]`));
const revoked = await pointer.keys.revoke(created.id);
console.log(`revoked ${revoked.id} at ${revoked.revokedAt}`);
