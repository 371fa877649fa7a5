// `iodose serve` through bin/iodose as a child process (dist/ is built by test/global-build.ts).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/temp.ts';

const bin = fileURLToPath(new URL('../../bin/iodose', import.meta.url));

function iodose(args: string[]) {
  return spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 20_000 });
}

describe('iodose serve (command line)', () => {
  it('is listed in iodose --help and has its own --help with the defaults', async () => {
    const help = await runCli(['--help']);
    expect(help.out.join('\n')).toMatch(/serve \[args\.\.\.\]\s+serve the web app/);
    const own = iodose(['serve', '--help']);
    expect(own.status).toBe(0);
    expect(own.stdout).toContain('--data <dir>');
    expect(own.stdout).toContain('default: "iodose-data"');
    expect(own.stdout).toContain('default: "127.0.0.1"');
  });

  it('refuses a bad port with exit 2 and a line naming --port', () => {
    const bad = iodose(['serve', '--port', '70000']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--port: expected an integer 0..65535, got 70000');
  });

  it('refuses to start while the store lacks route functions, before touching --data', () => {
    const data = join(tempDir('iodose-serve-'), 'data');
    const run = iodose(['serve', '--data', data, '--port', '0']);
    expect(run.status).toBe(3);
    expect(run.stderr).toMatch(
      /not usable in this version yet: the store \(src\/store\) does not provide \w+/,
    );
    expect(existsSync(data)).toBe(false);
  });

  it('still answers iodose --version through the CLI branch of bin/iodose', () => {
    const version = iodose(['--version']);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
