// README.md is the first thing a new user reads: its opening commands and its settings table
// and its manifest reference tables must stay true to the code.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { settingsMarkdownTable } from '../src/dosimetry/settings.ts';
import { modelsMarkdownTable, rangesMarkdownTable } from '../src/io/manifest/manifest-reference.ts';
import { IODOSE_VERSION } from '../src/core/version.ts';

const root = join(import.meta.dirname, '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');

describe('README.md', () => {
  it('opens with the two commands for a fresh machine', () => {
    const commands = [...readme.matchAll(/^```(?:sh|bash)?\n([\s\S]*?)```/gm)].map((m) =>
      m[1]?.trim(),
    );
    expect(commands.slice(0, 2)).toEqual(['npm ci && npm start', 'npm test']);
  });

  it('shows the settings table generated from src/dosimetry/settings.ts (npm run docs)', () => {
    expect(readme).toContain(settingsMarkdownTable());
  });

  it('shows the manifest ranges and the model table generated from the code (npm run docs)', () => {
    expect(readme).toContain(rangesMarkdownTable());
    expect(readme).toContain(modelsMarkdownTable());
  });

  it('the version in provenance is the package version', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    expect(IODOSE_VERSION).toBe(pkg.version);
  });
});
