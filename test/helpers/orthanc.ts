/**
 * A throw-away Orthanc (Debian packages orthanc 1.10 and orthanc-dicomweb) for the PACS tests:
 * a generated JSON configuration in a temporary folder (storage and index there too), HTTP and
 * DICOM on free ports, RemoteAccessAllowed false (HTTP answers loopback only), no
 * authentication, the DICOMweb plugin loaded from its Debian path. startOrthanc waits until
 * GET /system answers; stop() ends the process and removes the folder.
 *
 * Orthanc 1.10 has no option to bind its DICOM port to one address (it listens on every
 * interface). So the DICOM server is off unless a test asks for it (`dicom: true`); then no
 * C-STORE/C-FIND/C-GET/C-MOVE is allowed by default and only the modalities the test names,
 * checked by host (DicomCheckModalityHost), may associate.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ORTHANC = '/usr/sbin/Orthanc';
/** Where Debian's orthanc-dicomweb puts the plugin (dpkg -L orthanc-dicomweb). */
export const DICOMWEB_PLUGIN = '/usr/share/orthanc/plugins/libOrthancDicomWeb.so';

/** Why the Orthanc tests cannot run here, or null when they can. */
export function orthancMissing(): string | null {
  if (!existsSync(ORTHANC)) return `${ORTHANC} is missing (apt-get install -y orthanc)`;
  if (!existsSync(DICOMWEB_PLUGIN)) {
    return `${DICOMWEB_PLUGIN} is missing (apt-get install -y orthanc-dicomweb)`;
  }
  if (spawnSync(ORTHANC, ['--version'], { stdio: 'ignore' }).status !== 0) {
    return `${ORTHANC} --version fails`;
  }
  return null;
}

/** Prints the loud skip line of a test file that needs Orthanc. */
export function warnOrthancMissing(reason: string): void {
  console.warn(`\n*** SKIPPED: PACS tests against Orthanc: ${reason} ***\n`);
}

/** A modality Orthanc may talk to over DIMSE (DicomModalities). */
export interface OrthancModality {
  aet: string;
  host: string;
  port: number;
}

/** Options of startOrthanc. */
export interface OrthancOptions {
  /** Enable the DICOM server (DIMSE tests). */
  dicom?: boolean;
  /** Orthanc's own AE title. */
  aet?: string;
  /** Modalities allowed to associate (C-ECHO, C-FIND, C-GET, C-MOVE, C-STORE). */
  modalities?: Record<string, OrthancModality>;
}

/** A running Orthanc. */
export interface OrthancServer {
  /** http://127.0.0.1:PORT (Orthanc's REST API). */
  httpUrl: string;
  /** http://127.0.0.1:PORT/dicom-web (the DICOMweb root). */
  dicomWebUrl: string;
  httpPort: number;
  dicomPort: number;
  aet: string;
  folder: string;
  stop(): Promise<void>;
}

/** A TCP port free on 127.0.0.1 right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Starts Orthanc in a fresh temporary folder and waits for GET /system. */
export async function startOrthanc(options: OrthancOptions = {}): Promise<OrthancServer> {
  const folder = mkdtempSync(join(tmpdir(), 'iodose-orthanc-'));
  const httpPort = await freePort();
  const dicomPort = await freePort();
  const aet = options.aet ?? 'IODOSETEST';
  const modalities = Object.fromEntries(
    Object.entries(options.modalities ?? {}).map(([name, m]) => [
      name,
      {
        AET: m.aet,
        Host: m.host,
        Port: m.port,
        AllowEcho: true,
        AllowFind: true,
        AllowGet: true,
        AllowMove: true,
        AllowStore: true,
      },
    ]),
  );
  const config = {
    Name: 'iodose-test',
    StorageDirectory: join(folder, 'storage'),
    IndexDirectory: join(folder, 'index'),
    HttpPort: httpPort,
    RemoteAccessAllowed: false,
    AuthenticationEnabled: false,
    DicomServerEnabled: options.dicom === true,
    DicomPort: dicomPort,
    DicomAet: aet,
    DicomCheckCalledAet: true,
    DicomCheckModalityHost: true,
    DicomAlwaysAllowEcho: false,
    DicomAlwaysAllowStore: false,
    DicomModalities: modalities,
    Plugins: [DICOMWEB_PLUGIN],
    DicomWeb: { Enable: true, Root: '/dicom-web/', EnableWado: false },
    StableAge: 2,
    SaveJobs: false,
    ConcurrentJobs: 1,
    HttpThreadsCount: 8,
    StorageCompression: false,
  };
  const configPath = join(folder, 'orthanc.json');
  writeFileSync(configPath, JSON.stringify(config, null, 2));
  const logPath = join(folder, 'orthanc.log');
  const log = openSync(logPath, 'w');
  // TCP_NODELAY: Orthanc's dcmtk then sends C-GET sub-operations without Nagle's delay.
  const child = spawn(ORTHANC, [configPath], {
    stdio: ['ignore', log, log],
    cwd: folder,
    env: { ...process.env, TCP_NODELAY: '1' },
  });
  const httpUrl = `http://127.0.0.1:${httpPort}`;
  const stop = async (): Promise<void> => {
    await endProcess(child);
    rmSync(folder, { recursive: true, force: true });
  };
  try {
    await waitForSystem(httpUrl, child, 30_000);
  } catch (error) {
    const text = existsSync(logPath) ? readFileSync(logPath, 'utf8').slice(-2000) : '';
    await stop();
    throw new Error(`Orthanc did not start: ${String(error)}\n${text}`);
  }
  return {
    httpUrl,
    dicomWebUrl: `${httpUrl}/dicom-web`,
    httpPort,
    dicomPort,
    aet,
    folder,
    stop,
  };
}

async function waitForSystem(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Orthanc exited with status ${child.exitCode}`);
    try {
      const response = await fetch(`${url}/system`, { signal: AbortSignal.timeout(1000) });
      if (response.ok) {
        await response.json();
        return;
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no answer from ${url}/system within ${timeoutMs} ms`);
}

async function endProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Uploads one Part 10 file through Orthanc's REST API (POST /instances); returns its Orthanc id. */
export async function uploadInstance(server: OrthancServer, bytes: Uint8Array): Promise<string> {
  const response = await fetch(`${server.httpUrl}/instances`, {
    method: 'POST',
    body: bytes,
    headers: { 'content-type': 'application/dicom' },
  });
  if (!response.ok) throw new Error(`POST /instances: HTTP ${response.status}`);
  const body = (await response.json()) as { ID: string };
  return body.ID;
}

/** The stored files of every instance of `modality` (Orthanc REST /tools/find, /instances). */
export async function instancesOfModality(
  server: OrthancServer,
  modality: string,
): Promise<{ studyInstanceUid: string; bytes: Uint8Array }[]> {
  const found = (await (
    await fetch(`${server.httpUrl}/tools/find`, {
      method: 'POST',
      body: JSON.stringify({ Level: 'Instance', Query: { Modality: modality }, Expand: true }),
    })
  ).json()) as { ID: string; ParentSeries: string }[];
  const out: { studyInstanceUid: string; bytes: Uint8Array }[] = [];
  for (const instance of found) {
    const tags = (await (
      await fetch(`${server.httpUrl}/instances/${instance.ID}/simplified-tags`)
    ).json()) as { StudyInstanceUID: string };
    const file = await fetch(`${server.httpUrl}/instances/${instance.ID}/file`);
    out.push({
      studyInstanceUid: tags.StudyInstanceUID,
      bytes: new Uint8Array(await file.arrayBuffer()),
    });
  }
  return out;
}
