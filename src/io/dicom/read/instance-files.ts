/**
 * Reading instance files (the I/O edge of the byte reader), sync and async: a whole file, its
 * first part (for a header), or a file into a reused buffer (so a series read touches one
 * buffer's memory, not a new one per file). Paths that are not regular files, or cannot be
 * read, are InputErrors naming the path.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';
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

/** The async readFileSync (node:fs/promises). */
export async function readFileAsync(
  path: string,
  limit = Infinity,
  into?: Buffer,
): Promise<FileBytes & { buffer: Buffer }> {
  let handle;
  try {
    handle = await open(path, OPEN_FLAGS);
  } catch (error) {
    throw unreadable(path, error);
  }
  try {
    const fileLength = checkedSize(path, await handle.stat());
    const want = Math.min(limit, fileLength);
    const buffer = into !== undefined && into.length >= want ? into : Buffer.allocUnsafe(want);
    let got = 0;
    while (got < want) {
      const { bytesRead } = await handle.read(buffer, got, want - got, got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    return { bytes: buffer.subarray(0, got), fileLength, buffer };
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw unreadable(path, error);
  } finally {
    await handle.close();
  }
}
