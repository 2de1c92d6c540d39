// Starts `pointer up` (the built CLI) in a child process with the given config file and resolves
// with its gateway URL once it prints it. nodeArgs go to the node process (e.g. --cpu-prof).
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

export async function startPointerUp(configPath, nodeArgs = []) {
  const cli = resolve(import.meta.dirname, '../../packages/cli/bin/run.js');
  const child = spawn('node', [...nodeArgs, cli, 'up', '--config', configPath], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((ok, fail) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /gateway[^\n]*?(http:\/\/[\d.]+:\d+)/.exec(out);
      if (m) ok(m[1]);
    });
    child.on('exit', (c) => fail(new Error(`pointer up exited ${c}`)));
  });
  return { child, url };
}
