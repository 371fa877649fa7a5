/**
 * Fuzz cases: case N (with the run's seed) always builds the same inputs in its own folder and
 * names the `iodose` arguments to run. Kinds: measurement-level manifest, raw YAML text, image
 * manifest, DICOM series damage (cases-dicom.ts), cohort, calibrate, output paths.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { demoManifest } from '../../src/demo/demo-patient.ts';
import { dicomCase } from './cases-dicom.ts';
import { mutateOnce, type Tree } from './mutate-tree.ts';
import { makeRng, type Rng } from './rng.ts';
import { yamlTextCase } from './cases-yaml.ts';

export type CaseKind = 'meas' | 'yaml' | 'image' | 'dicom' | 'cohort' | 'calibrate' | 'outpath';

export interface FuzzCase {
  index: number;
  kind: CaseKind;
  label: string;
  args: string[];
  /** Where results.json lands on success (run only). */
  resultsPath: string | null;
  /** The baseline results to compare against ('meas' or 'image'), if comparable. */
  baseline: 'meas' | 'image' | null;
  /** True when the change should not alter the numbers (pixel-preserving DICOM edits). */
  dicomHeaderDamage?: boolean;
}

/** Paths of the demo written once by the harness (fuzz-cli.ts). */
export interface Base {
  root: string;
  patientDir: string;
  phantomDir: string;
  recoveryPath: string;
  cohortDir: string;
}

const KINDS: readonly [CaseKind, number][] = [
  ['meas', 40],
  ['yaml', 8],
  ['image', 10],
  ['dicom', 14],
  ['cohort', 12],
  ['calibrate', 8],
  ['outpath', 8],
];

function chooseKind(rng: Rng): CaseKind {
  const total = KINDS.reduce((sum, [, weight]) => sum + weight, 0);
  let roll = rng.int(total);
  for (const [kind, weight] of KINDS) {
    if (roll < weight) return kind;
    roll -= weight;
  }
  return 'meas';
}

/** 1 mutation most of the time, up to 3. */
function mutate(tree: Tree, rng: Rng): string {
  const count = rng.next() < 0.7 ? 1 : 2 + rng.int(2);
  const labels: string[] = [];
  for (let i = 0; i < count; i += 1) labels.push(mutateOnce(tree, rng));
  return labels.join('; ');
}

function runArgs(manifest: string, dir: string): { args: string[]; resultsPath: string } {
  const out = join(dir, 'out');
  return {
    args: ['run', manifest, '--out', out, '--no-pdf'],
    resultsPath: join(out, 'results.json'),
  };
}

/** The image manifest with its paths made absolute (so a case folder can sit anywhere). */
export function imageManifest(base: Base): Record<string, unknown> {
  const manifest = parse(readFileSync(join(base.patientDir, 'manifest.yaml'), 'utf8')) as {
    recovery: string;
    scans: { pet: string; ct?: string }[];
  };
  manifest.recovery = base.recoveryPath;
  for (const scan of manifest.scans) {
    scan.pet = resolve(base.patientDir, scan.pet);
    if (scan.ct !== undefined) scan.ct = resolve(base.patientDir, scan.ct);
  }
  return manifest as unknown as Record<string, unknown>;
}

/** Odd things on disk for path fields: folder, file, missing, FIFO, loop, dangling, device. */
export function oddPath(dir: string, rng: Rng): { path: string; what: string } {
  const choice = rng.int(8);
  const at = (name: string): string => join(dir, name);
  switch (choice) {
    case 0:
      mkdirSync(at('a-folder'), { recursive: true });
      return { path: at('a-folder'), what: 'folder' };
    case 1:
      writeFileSync(at('a-file.txt'), 'hello\n');
      return { path: at('a-file.txt'), what: 'file' };
    case 2:
      return { path: at('missing'), what: 'missing' };
    case 3:
      execFileSync('mkfifo', [at('a-fifo')]);
      return { path: at('a-fifo'), what: 'fifo' };
    case 4:
      symlinkSync(at('loop-b'), at('loop-a'));
      symlinkSync(at('loop-a'), at('loop-b'));
      return { path: at('loop-a'), what: 'symlink loop' };
    case 5:
      symlinkSync(at('nowhere'), at('dangling'));
      return { path: at('dangling'), what: 'dangling link' };
    case 6:
      return { path: '/dev/null', what: '/dev/null' };
    default:
      return { path: '', what: 'empty path' };
  }
}

function measCase(dir: string, rng: Rng): Omit<FuzzCase, 'index' | 'kind'> {
  const tree = structuredClone(demoManifest()) as Tree;
  const label = mutate(tree, rng);
  const manifest = join(dir, 'manifest.yaml');
  writeFileSync(manifest, stringify(tree, { aliasDuplicateObjects: false }));
  return { label, ...runArgs(manifest, dir), baseline: 'meas' };
}

function imageCase(dir: string, rng: Rng, base: Base): Omit<FuzzCase, 'index' | 'kind'> {
  const tree = imageManifest(base) as Record<string, unknown> & {
    scans: Record<string, unknown>[];
    lesions: Record<string, unknown>[];
  };
  let label: string;
  const roll = rng.int(4);
  if (roll === 0) {
    // A path field made odd.
    const odd = oddPath(dir, rng);
    const field = rng.pick(['pet', 'ct', 'recovery']);
    if (field === 'recovery') tree.recovery = odd.path;
    else if (tree.scans[0] !== undefined) tree.scans[0][field] = odd.path;
    label = `path ${field} = ${odd.what}`;
  } else if (roll === 1) {
    // Seeds in another frame or as voxel indices.
    const lesion = rng.pick(tree.lesions);
    const seeds = lesion['seedsLps'] as Record<string, number[]>;
    const frame = rng.pick(['seedsRas', 'seedsIjk', 'both']);
    const scan = rng.pick(Object.keys(seeds));
    const point = seeds[scan] ?? [0, 0, 0];
    const ijk = rng.pick([
      [64, 64, 50],
      [-1, 0, 0],
      [1e6, 0, 0],
      [0.5, 1, 2],
      [0, 0, 99],
      [0, 0, 100],
    ]);
    if (frame === 'seedsRas') lesion['seedsRas'] = { [scan]: [-point[0]!, -point[1]!, point[2]!] };
    else lesion['seedsIjk'] = { [scan]: ijk };
    if (frame !== 'both') delete lesion['seedsLps'];
    label = `${frame} for ${String(lesion['id'])}/${scan}${frame === 'seedsRas' ? '' : ` = ${JSON.stringify(ijk)}`}`;
  } else {
    label = mutate(tree, rng);
  }
  const manifest = join(dir, 'manifest.yaml');
  writeFileSync(manifest, stringify(tree, { aliasDuplicateObjects: false }));
  return { label, ...runArgs(manifest, dir), baseline: 'image' };
}

function cohortCase(dir: string, rng: Rng, base: Base): Omit<FuzzCase, 'index' | 'kind'> {
  cpSync(base.cohortDir, dir, { recursive: true });
  const target = rng.next() < 0.6 ? 'cohort.yaml' : `P0${1 + rng.int(9)}/wk0.yaml`;
  const path = join(dir, target);
  let label: string;
  if (target !== 'cohort.yaml' && rng.next() < 0.3) {
    const odd = oddPath(dir, rng);
    const cohort = parse(readFileSync(join(dir, 'cohort.yaml'), 'utf8')) as {
      patients: { studies: Record<string, string> }[];
    };
    const studies = cohort.patients[0]?.studies;
    if (studies !== undefined) studies['wk0'] = odd.path;
    writeFileSync(join(dir, 'cohort.yaml'), stringify(cohort));
    label = `cohort.yaml patients[0].studies.wk0 = ${odd.what}`;
  } else {
    const tree = parse(readFileSync(path, 'utf8')) as Tree;
    label = `${target}: ${mutate(tree, rng)}`;
    writeFileSync(path, stringify(tree, { aliasDuplicateObjects: false }));
  }
  return {
    label,
    args: ['cohort', join(dir, 'cohort.yaml'), '--out', join(dir, 'out')],
    resultsPath: null,
    baseline: null,
  };
}

function calibrateCase(dir: string, rng: Rng, base: Base): Omit<FuzzCase, 'index' | 'kind'> {
  const tree = parse(readFileSync(join(base.phantomDir, 'phantom.yaml'), 'utf8')) as Record<
    string,
    unknown
  >;
  tree['pet'] = join(base.phantomDir, 'pet');
  let label = mutate(tree, rng);
  const manifest = join(dir, 'phantom.yaml');
  writeFileSync(manifest, stringify(tree, { aliasDuplicateObjects: false }));
  let out = join(dir, 'recovery.json');
  if (rng.next() < 0.25) {
    const odd =
      rng.next() < 0.3 ? { path: manifest, what: 'the manifest itself' } : oddPath(dir, rng);
    out = odd.path;
    label += `; --out = ${odd.what}`;
  }
  return { label, args: ['calibrate', manifest, '--out', out], resultsPath: null, baseline: null };
}

function outpathCase(dir: string, rng: Rng): Omit<FuzzCase, 'index' | 'kind'> {
  const manifest = join(dir, 'manifest.yaml');
  writeFileSync(manifest, stringify(demoManifest()));
  const roll = rng.int(4);
  if (roll === 0)
    return {
      label: '--out = the manifest',
      args: ['run', manifest, '--out', manifest, '--no-pdf'],
      resultsPath: null,
      baseline: null,
    };
  if (roll === 1) {
    writeFileSync(join(dir, 'f'), 'x');
    return {
      label: '--out under a file',
      args: ['run', manifest, '--out', join(dir, 'f', 'out'), '--no-pdf'],
      resultsPath: null,
      baseline: null,
    };
  }
  const odd = oddPath(dir, rng);
  const target = rng.next() < 0.5 ? 'out' : 'manifest';
  const args =
    target === 'out'
      ? ['run', manifest, '--out', odd.path, '--no-pdf']
      : ['run', odd.path, '--out', join(dir, 'out'), '--no-pdf'];
  return { label: `${target} = ${odd.what}`, args, resultsPath: null, baseline: null };
}

/** The kind of case `index` (the first draw of its RNG). */
export function caseKind(index: number, seed: number): CaseKind {
  return chooseKind(makeRng(seed * 1_000_003 + index));
}

/** Builds case `index` of the run with `seed` in `dir`. */
export function buildCase(index: number, seed: number, dir: string, base: Base): FuzzCase {
  const rng = makeRng(seed * 1_000_003 + index);
  const kind = chooseKind(rng);
  mkdirSync(dir, { recursive: true });
  const built =
    kind === 'meas'
      ? measCase(dir, rng)
      : kind === 'yaml'
        ? yamlTextCase(dir, rng)
        : kind === 'image'
          ? imageCase(dir, rng, base)
          : kind === 'dicom'
            ? dicomCase(dir, rng, base)
            : kind === 'cohort'
              ? cohortCase(dir, rng, base)
              : kind === 'calibrate'
                ? calibrateCase(dir, rng, base)
                : outpathCase(dir, rng);
  return { index, kind, ...built };
}
