/**
 * PDF from the HTML report through Debian's Chromium (playwright-core, headless, no network, a
 * fresh temporary profile). Missing Chromium is not an error: the caller gets written: false and
 * the reason, and the HTML report stands on its own.
 */
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { escapeHtml } from '../format.ts';

/** Where the Chromium binary is expected (Debian package `chromium`). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** The launch flags that work on this Debian Chromium (design/architecture.md). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/**
 * Flags for pages that need WebGL2 (the niivue viewer; test/web/viewer.test.ts, bench/web-render.ts).
 * With --disable-gpu, Debian Chromium 156 headless still gives WebGL2 through ANGLE on SwiftShader
 * (Vulkan, "SwiftShader Device (Subzero)") as an automatic software fallback, which Chromium has
 * deprecated; these two flags ask for that renderer explicitly so it keeps working.
 */
export const WEBGL_CHROMIUM_ARGS = [
  ...CHROMIUM_ARGS,
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
];

/** True when an executable Chromium is at CHROMIUM_PATH. */
export function chromiumAvailable(): boolean {
  try {
    accessSync(CHROMIUM_PATH, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Why no PDF can be made here, or null when Chromium is available. */
export function chromiumMissingReason(): string | null {
  return chromiumAvailable()
    ? null
    : `no PDF: Chromium not found at ${CHROMIUM_PATH} (install the Debian package "chromium"); the HTML report is complete without it`;
}

/** Options of renderPdf. */
export interface PdfOptions {
  /** Text at the foot of every page, before "page N of M" (e.g. the patient id). */
  footerText?: string;
}

/** Footer template: escaped text and page numbers, small grey type. */
function footerTemplate(text: string): string {
  return `<div style="font-size:7pt;color:#666;width:100%;padding:0 11mm;display:flex;justify-content:space-between;font-family:Helvetica,Arial,sans-serif"><span>${escapeHtml(text)}</span><span>page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`;
}

/** Prints `html` to an A4 PDF at `pdfPath`; never throws: returns written: false with a reason. */
export async function renderPdf(
  html: string,
  pdfPath: string,
  options: PdfOptions = {},
): Promise<{ written: boolean; reason?: string }> {
  const printed = await print(html, options, pdfPath);
  return printed.bytes === null ? { written: false, reason: printed.reason } : { written: true };
}

/** Prints `html` to A4 PDF bytes; never throws: returns bytes null with a reason. */
export async function printPdf(
  html: string,
  options: PdfOptions = {},
): Promise<{ bytes: Uint8Array; reason?: undefined } | { bytes: null; reason: string }> {
  return print(html, options, undefined);
}

/** Prints `html` through Chromium (to `pdfPath` too when given). */
async function print(
  html: string,
  options: PdfOptions,
  pdfPath: string | undefined,
): Promise<{ bytes: Uint8Array; reason?: undefined } | { bytes: null; reason: string }> {
  const missing = chromiumMissingReason();
  if (missing !== null) return { bytes: null, reason: missing };
  // Loaded only when a PDF is printed: playwright-core adds ~0.5 s to every command's start.
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'iodose-chromium-'));
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
      offline: true,
    });
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      await page.setContent(html, { waitUntil: 'load' });
      const bytes = await page.pdf({
        ...(pdfPath === undefined ? {} : { path: pdfPath }),
        format: 'A4',
        printBackground: true,
        preferCSSPageSize: true,
        displayHeaderFooter: true,
        headerTemplate: '<span></span>',
        footerTemplate: footerTemplate(options.footerText ?? ''),
      });
      return { bytes: new Uint8Array(bytes) };
    } finally {
      await context.close();
    }
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { bytes: null, reason: `no PDF: Chromium failed (${message ?? ''})` };
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}
