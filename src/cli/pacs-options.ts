/** The options `iodose pull` and `iodose push` share: calling AE title and timeout. */
import { InputError } from '../core/errors.ts';
import type { PacsOptions } from '../io/pacs/pacs-port.ts';

/** As commander gives them. */
export interface PacsCliOptions {
  aet?: string;
  timeout?: string;
}

/** The PACS options of the CLI's. */
export function pacsOptions(options: PacsCliOptions): PacsOptions {
  const out: PacsOptions = {};
  if (options.aet !== undefined) out.callingAet = options.aet;
  if (options.timeout !== undefined) {
    const seconds = Number(options.timeout);
    if (!(seconds > 0 && seconds <= 3600)) {
      throw new InputError({ field: '--timeout' }, `"${options.timeout}" is not 1-3600 seconds`);
    }
    out.timeoutMs = seconds * 1000;
  }
  return out;
}
