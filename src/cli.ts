#!/usr/bin/env node
/**
 * Entry point of the `toxicity` command line. The only place (with the other entry points) that
 * reads argv, `process.env` and the process's streams; the program and its commands live in
 * src/commands/ (`runCli`).
 */
import packageJson from '../package.json';
import { runCli } from './commands';

/**
 * A reader that stops early (`toxicity --help | head -1`) closes the pipe: stop quietly, as Unix
 * tools do, instead of dying on an unhandled EPIPE. Other write errors stay fatal.
 */
function exitQuietlyOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
  });
}

exitQuietlyOnClosedPipe(process.stdout);
void runCli(process.argv, {
  env: process.env,
  cwd: process.cwd(),
  stdout: process.stdout,
  stderr: process.stderr,
  version: packageJson.version,
  // The local retraining subscriber runs the pipeline's steps as children: they run this same CLI
  // the way it was started (node, its flags, this script).
  selfCommand: [process.execPath, ...process.execArgv, process.argv[1] ?? ''],
}).then((code) => {
  process.exitCode = code;
});
