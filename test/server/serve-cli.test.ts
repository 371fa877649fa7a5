// `iodose serve` through bin/iodose as a child process (dist/ is built by test/global-build.ts).
import { spawn, spawnSync } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { IODOSE_VERSION } from '../../src/core/version.ts';
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

  it('starts on 127.0.0.1, prints its URL, answers /api/health, refuses a foreign Host, stops on SIGTERM', async () => {
    const data = join(tempDir('iodose-serve-'), 'data');
    const child = spawn(process.execPath, [bin, 'serve', '--data', data, '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    const url = await new Promise<string>((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`no URL in 20 s; stderr: ${stderr}`)), 20_000);
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const match = /iodose serve: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout);
        if (match?.[1] !== undefined) {
          clearTimeout(timer);
          done(match[1]);
        }
      });
    });
    try {
      expect(stdout).toContain(`(data in ${data})`);
      const health = (await (await fetch(`${url}api/health`)).json()) as Record<string, unknown>;
      expect(health).toEqual({ ok: true, version: IODOSE_VERSION });
      expect(await (await fetch(`${url}api/patients`)).json()).toEqual([]);
      // The built UI is served at the root.
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<main id="app">');
      // DNS rebinding: a request naming another host is refused.
      const port = new URL(url).port;
      const foreign = await new Promise<number>((done, fail) => {
        const request = httpRequest(
          {
            host: '127.0.0.1',
            port,
            path: '/api/health',
            headers: { host: `evil.example:${port}` },
          },
          (response) => {
            response.resume();
            done(response.statusCode ?? 0);
          },
        );
        request.on('error', fail);
        request.end();
      });
      expect(foreign).toBe(403);
      expect(existsSync(join(data, 'iodose.sqlite'))).toBe(true);
      expect(stderr).toBe('');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });

  it('warns on stderr when told to listen beyond this machine', async () => {
    const data = join(tempDir('iodose-serve-'), 'data');
    const child = spawn(
      process.execPath,
      [bin, 'serve', '--data', data, '--port', '0', '--host', '0.0.0.0'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    let stderr = '';
    await new Promise<void>((done, fail) => {
      const timer = setTimeout(() => fail(new Error('no warning in 20 s')), 20_000);
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (stderr.includes('\n')) {
          clearTimeout(timer);
          done();
        }
      });
    });
    child.kill('SIGTERM');
    expect(stderr).toContain('warning: listening on 0.0.0.0');
    expect(stderr).toContain('there is no login');
    await exited;
  });

  it('still answers iodose --version through the CLI branch of bin/iodose', () => {
    const version = iodose(['--version']);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
