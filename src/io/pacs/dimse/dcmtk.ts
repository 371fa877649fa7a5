/**
 * dcmtk's DIMSE command-line tools (Debian package dcmtk: echoscu, findscu, getscu, storescu) as
 * the DIMSE transport of iodose, run as child processes with a time limit. Why dcmtk and not an
 * npm DIMSE library: dcmjs-dimse 0.3 (the maintained one) pins dcmjs ^0.50 (iodose has 0.51) and
 * brings a codec package; dcmtk is the reference implementation, already installed for the
 * tests, and its tools' exit status and "F:"/"E:" lines say what failed.
 */
import { execFile } from 'node:child_process';
import { InputError } from '../../../core/errors.ts';

/** The outcome of one tool run. */
export interface ToolRun {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs dcmtk's `tool` with `args`; a missing tool is an InputError saying how to install it. */
export function runDcmtk(
  tool: string,
  args: readonly string[],
  timeoutMs: number,
): Promise<ToolRun> {
  return new Promise((resolve, reject) => {
    execFile(
      tool,
      [...args],
      {
        timeout: timeoutMs,
        maxBuffer: 16 * 1024 * 1024,
        encoding: 'utf8',
        // dcmtk leaves Nagle's algorithm on unless TCP_NODELAY is set: with it on, each C-GET
        // sub-operation waits for a delayed ACK. Measured against Orthanc on loopback (100 CT
        // slices): 5.4 s, 0.5 s with TCP_NODELAY here; a dcmtk-based PACS (Orthanc) needs it on
        // its side too (the demo patient's 400 instances: 11.4 s, 1.5 s with both).
        env: { ...process.env, TCP_NODELAY: '1' },
      },
      (error, stdout, stderr) => {
        const code = (error as NodeJS.ErrnoException | null)?.code;
        if (code === 'ENOENT') {
          reject(
            new InputError(
              { field: 'URL' },
              `DIMSE (dicom://) needs dcmtk's ${tool}, which is not installed`,
              'apt-get install -y dcmtk, or use the DICOMweb root of the PACS',
            ),
          );
          return;
        }
        const killed = error !== null && (error as { killed?: boolean }).killed === true;
        const status = error === null ? 0 : typeof code === 'number' ? code : killed ? -1 : 1;
        resolve({
          status,
          stdout,
          stderr: killed
            ? `${stderr}\nF: no answer within ${Math.round(timeoutMs / 1000)} s`
            : stderr,
        });
      },
    );
  });
}

/** The network options of every tool: calling and called AE titles, timeouts (seconds). */
export function associationArgs(
  callingAet: string,
  calledAet: string,
  timeoutMs: number,
): string[] {
  const seconds = String(Math.max(1, Math.round(timeoutMs / 1000)));
  return ['-aet', callingAet, '-aec', calledAet, '-to', seconds, '-ta', seconds, '-td', seconds];
}

/**
 * The InputError of a failed tool run: a refused connection, a rejected association (with
 * dcmtk's reason, e.g. "Calling AE Title Not Recognized"), or the tool's first error line.
 */
export function dimseFailure(
  run: ToolRun,
  label: string,
  what: string,
  callingAet: string,
): InputError {
  const lines = run.stderr.split('\n').map((l) => l.trim());
  const reason = lines
    .map((l) => /^[FE]: Reason:\s*(.+)$/.exec(l)?.[1]?.trim())
    .find((r) => r !== undefined);
  if (lines.some((l) => /Association Rejected/i.test(l))) {
    return new InputError(
      { field: 'URL' },
      `${label} refused the association for ${what} (${reason ?? 'no reason given'})`,
      `the PACS must know the calling AE title "${callingAet}" (give another with --aet) and ` +
        'the called title of the URL must be its own',
    );
  }
  if (
    lines.some((l) => /Connection refused|Connection timed out|no answer within|not known/i.test(l))
  ) {
    const said = lines.find((l) => /refused|timed out|no answer|not known/i.test(l)) ?? '';
    return new InputError(
      { field: 'URL' },
      `no answer from ${label} (${what}): ${said.replace(/^[FE]: /, '')}`,
      'check the host and port and that the PACS is running and reachable from here',
    );
  }
  const first = lines.find((l) => /^[FE]: /.test(l)) ?? `exit status ${run.status}`;
  return new InputError(
    { field: 'URL' },
    `${what} on ${label} failed: ${first.replace(/^[FE]: /, '')}`,
    'see the PACS log',
  );
}
