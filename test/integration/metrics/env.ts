/** Service addresses come from `bash scripts/services.sh env`; a missing one fails the test loudly. */
export function requireEnv(name: string): string {
  const v = process.env[name];
  if (!v)
    throw new Error(
      `${name} is not set: run \`eval "$(bash scripts/services.sh env)"\` (npm test does this) so that this test can reach the real service`,
    );
  return v;
}
