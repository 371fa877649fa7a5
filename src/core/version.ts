/** The iodose version written into every result's provenance (keep equal to package.json). */
export const IODOSE_VERSION = '0.1.0';
