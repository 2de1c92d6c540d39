/**
 * Where the real services are: the variables printed by `bash scripts/services.sh env`.
 * A missing one fails the test that needs it, naming the command that sets it.
 */
export function serviceEnv(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(
      `${name} is not set: run \`bash scripts/services.sh up\` then \`eval "$(bash scripts/services.sh env)"\` ` +
        '(npm test does both) so this test reaches the real service',
    );
  }
  return value;
}

/** A name no other run uses, so tests never see each other's data. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
}
