/**
 * Reading instance files (the I/O edge of the byte reader), sync and async: a whole file, its
 * first part (for a header), or a file into a reused buffer (so a series read touches one
 * buffer's memory, not a new one per file). Paths that are not regular files, or cannot be
 * read, are InputErrors naming the path.
 */
import {
  close,
  closeSync,
  constants,
  fstat,
  fstatSync,
  open,
  openSync,
  read,
  readSync,
  type Stats,
} from 'node:fs';
import { InputError } from '../../../core/errors.ts';

/**
 * Open flags: read-only and non-blocking, so that opening a named pipe returns at once (it is
 * then refused by its fstat) instead of waiting for a writer; no effect on regular files
 * (open(2)). One open and one fstat per file, no stat before. O_NONBLOCK is 0 on Windows.
 */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** Largest file read, bytes: Node reads at most 2^31 - 1 bytes into one Buffer. */
export const MAX_FILE_BYTES = 2 ** 31 - 1;

/** What a non-regular file is, in words (named pipe, socket, device, folder). */
export function fileKind(stat: Stats): string {
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isDirectory()) return 'a folder';
  return 'a special file';
}

/** An InputError for a path that cannot be read (missing, dangling link, permissions, loop). */
export function unreadable(path: string, error: unknown): InputError {
  const code = (error as { code?: string }).code;
  const what =
    code === 'ENOENT'
      ? 'does not exist (or is a dangling symbolic link)'
      : code === 'ELOOP'
        ? 'is a symbolic link loop'
        : code === 'EACCES' || code === 'EPERM'
          ? 'cannot be read (permission denied)'
          : `cannot be read (${code ?? (error as Error).message})`;
  return new InputError({ file: path }, `the path ${what}`, 'check the path and the file');
}

/** The size of a regular file, refusing other kinds and files too large to read at once. */
function checkedSize(path: string, info: Stats): number {
  if (!info.isFile()) {
    throw new InputError(
      { file: path },
      `expected a DICOM file, found ${fileKind(info)}`,
      'remove it or point the manifest at the DICOM files',
    );
  }
  if (info.size > MAX_FILE_BYTES) {
    throw new InputError(
      { file: path },
      `file of ${info.size} bytes is larger than the 2 GiB that can be read at once`,
      'export the series as single-frame files',
    );
  }
  return info.size;
}

/** The first `limit` bytes of a file (all of it when shorter), and the file's length. */
export interface FileBytes {
  bytes: Uint8Array;
  fileLength: number;
}

/**
 * Read up to `limit` bytes of `path` into `into` (grown when too small; pass the returned
 * buffer back in to reuse it); Infinity reads the whole file.
 */
export function readFileSync(
  path: string,
  limit = Infinity,
  into?: Buffer,
): FileBytes & { buffer: Buffer } {
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS);
  } catch (error) {
    throw unreadable(path, error);
  }
  try {
    const fileLength = checkedSize(path, fstatSync(fd));
    const want = Math.min(limit, fileLength);
    const buffer = into !== undefined && into.length >= want ? into : Buffer.allocUnsafe(want);
    let got = 0;
    while (got < want) {
      const n = readSync(fd, buffer, got, want - got, got);
      if (n === 0) break;
      got += n;
    }
    return { bytes: buffer.subarray(0, got), fileLength, buffer };
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw unreadable(path, error);
  } finally {
    closeSync(fd);
  }
}

// The callback API of node:fs, not node:fs/promises: a FileHandle costs more per call, which
// showed for 300 files of 80 kB (a PET series read 2.5 times faster; bench/load.ts).
const openAsync = (path: string): Promise<number> =>
  new Promise((resolve, reject) =>
    open(path, OPEN_FLAGS, (e, fd) => (e ? reject(e) : resolve(fd))),
  );
const fstatAsync = (fd: number): Promise<Stats> =>
  new Promise((resolve, reject) => fstat(fd, (e, stat) => (e ? reject(e) : resolve(stat))));
const readAsync = (fd: number, into: Buffer, at: number, length: number): Promise<number> =>
  new Promise((resolve, reject) =>
    read(fd, into, at, length, at, (e, n) => (e ? reject(e) : resolve(n))),
  );
const closeAsync = (fd: number): Promise<void> =>
  new Promise((resolve) => close(fd, () => resolve()));

/** Read `want` bytes from the start of the open file `fd` into `buffer` (fewer at its end). */
async function readUpTo(fd: number, buffer: Buffer, want: number): Promise<number> {
  let got = 0;
  while (got < want) {
    const n = await readAsync(fd, buffer, got, want - got);
    if (n === 0) break;
    got += n;
  }
  return got;
}

/** Opens `path`, runs `use` on its descriptor, closes it; failures name the file. */
async function withFile<T>(path: string, use: (fd: number) => Promise<T>): Promise<T> {
  let fd: number;
  try {
    fd = await openAsync(path);
  } catch (error) {
    throw unreadable(path, error);
  }
  try {
    return await use(fd);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw unreadable(path, error);
  } finally {
    await closeAsync(fd);
  }
}

/** A buffer for `want` bytes: `into` when it is large enough. */
const bufferFor = (want: number, into?: Buffer): Buffer =>
  into !== undefined && into.length >= want ? into : Buffer.allocUnsafe(want);

/** The async readFileSync (one thread-pool call each for open, fstat, read and close). */
export async function readFileAsync(
  path: string,
  limit = Infinity,
  into?: Buffer,
): Promise<FileBytes & { buffer: Buffer }> {
  return withFile(path, async (fd) => {
    const fileLength = checkedSize(path, await fstatAsync(fd));
    const want = Math.min(limit, fileLength);
    const buffer = bufferFor(want, into);
    const got = await readUpTo(fd, buffer, want);
    return { bytes: buffer.subarray(0, got), fileLength, buffer };
  });
}

/**
 * A file read again whose length is known from its first read, without an fstat: up to
 * `length` + 1 bytes, so that a file that grew since shows as longer (`fileLength` is the bytes
 * read: the caller compares it with `length`, and a file replaced by something else than a
 * regular file reads as too short or fails).
 */
export async function readKnownAsync(
  path: string,
  length: number,
  into?: Buffer,
): Promise<FileBytes & { buffer: Buffer }> {
  return withFile(path, async (fd) => {
    const want = Math.min(length + 1, MAX_FILE_BYTES);
    const buffer = bufferFor(want, into);
    const got = await readUpTo(fd, buffer, want);
    return { bytes: buffer.subarray(0, got), fileLength: got, buffer };
  });
}
