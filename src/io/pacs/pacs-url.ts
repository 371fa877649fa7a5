/**
 * A PACS address as the CLI takes it: a DICOMweb root ("http(s)://host[:port]/path", PS3.18) or
 * a DIMSE node "dicom://AET@host:port" (the called AE title). `label` is the address without
 * credentials, for messages and series.json.
 */
import { InputError } from '../../core/errors.ts';

/** A parsed PACS address. */
export type PacsAddress =
  | { kind: 'dicomweb'; root: string; label: string }
  | { kind: 'dimse'; calledAet: string; host: string; port: number; label: string };

/** An AE title (PS3.5 6.2 AE: up to 16 characters, no backslash or control characters). */
const AE_TITLE = /^[\x20-\x5b\x5d-\x7e]{1,16}$/;

/** True for an AE title (PS3.5 6.2: 1-16 characters, not only spaces, no backslash). */
export function isAeTitle(text: string): boolean {
  return AE_TITLE.test(text) && text.trim().length > 0;
}

/** The URL `text` without user name and password. */
export function redactUrl(text: string): string {
  try {
    const url = new URL(text);
    url.username = '';
    url.password = '';
    return url.toString();
  } catch {
    return text.replace(/\/\/[^/@]*@/, '//');
  }
}

/** Parses the URL argument of `iodose pull` / `iodose push` (`field` names it in errors). */
export function parsePacsAddress(text: string, field = 'URL'): PacsAddress {
  const hint =
    'give a DICOMweb root such as http://127.0.0.1:8042/dicom-web or dicom://AET@host:104';
  const dimse = /^dicom:\/\/([^@]+)@([^:/]+):(\d+)\/?$/i.exec(text);
  if (dimse !== null) {
    const [, aet = '', host = '', portText = ''] = dimse;
    const port = Number(portText);
    if (!AE_TITLE.test(aet) || aet.trim().length === 0) {
      throw new InputError({ field }, `"${aet}" is not an AE title (1-16 characters)`, hint);
    }
    if (!(port >= 1 && port <= 65535)) {
      throw new InputError({ field }, `port ${portText} is not 1-65535`, hint);
    }
    return { kind: 'dimse', calledAet: aet.trim(), host, port, label: text };
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InputError({ field }, `"${redactUrl(text)}" is not a PACS address`, hint);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InputError(
      { field },
      `"${redactUrl(text)}" is neither http(s):// nor dicom://`,
      hint,
    );
  }
  const root = url.toString().replace(/\/+$/, '');
  return { kind: 'dicomweb', root, label: redactUrl(root) };
}
