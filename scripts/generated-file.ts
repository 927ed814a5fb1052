/**
 * What the scripts that generate committed source files share: write the file, or with `--check`
 * compare it with what is committed and fail with the command to run; and run a script's main with
 * its errors printed as one line.
 */
import { readFileSync, writeFileSync } from 'node:fs';

/** Writes `source` to `target`, or with `--check` in `argv` exits 1 when the committed file differs. */
export function writeOrCheck(target: string, source: string, command: string, argv: readonly string[]): boolean {
  if (argv.includes('--check')) {
    if (readFileSync(target, 'utf8') !== source) {
      process.stderr.write(`${target} is out of date: run ${command}\n`);
      process.exitCode = 1;
    }
    return false;
  }
  writeFileSync(target, source);
  return true;
}

/** Runs `main` with the command-line arguments; an error becomes "<name>: <message>" and exit code 1. */
export function runScript(name: string, main: (argv: readonly string[]) => void): void {
  try {
    main(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${name}: ${(err as Error).message}\n`);
    process.exitCode = 1;
  }
}
