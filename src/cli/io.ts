/** Output streams of the CLI, replaceable in tests. */
export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}
