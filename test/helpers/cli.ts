// Runs the CLI in-process with captured output, and writes manifests into temporary folders.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { main } from '../../src/cli/main.ts';

export interface CliRun {
  status: number;
  out: string[];
  err: string[];
}

/** Runs `iodose ARGS` in this process and captures its output lines. */
export async function runCli(args: string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const status = await main(args, { out: (line) => out.push(line), err: (line) => err.push(line) });
  return { status, out, err };
}

export { tempDir } from './temp.ts';

/** Writes `content` (an object as YAML, or text as it is) to DIR/NAME and returns the path. */
export function writeManifest(dir: string, content: unknown, name = 'manifest.yaml'): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : stringify(content));
  return path;
}
