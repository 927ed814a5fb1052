/**
 * Ajv options for the project's own schemas, which are compiled when a process starts (the server's
 * config, environment, model artifact and request schemas). Those schemas are constants, and a unit
 * test checks each against its meta-schema (test/src/common/ajv-options.test.ts), so every process
 * compiling the meta-schema again buys nothing: on this machine that was ~35 ms per Ajv instance.
 * Validators that run once per process (config, environment, artifact) also skip ajv's code
 * optimisation pass, which halves their compile time again; the request validator keeps it.
 */
export const PRECHECKED_SCHEMA = { validateSchema: false } as const;

/** `PRECHECKED_SCHEMA` for validators that run a few times per process. */
export const ONE_SHOT_VALIDATOR = { validateSchema: false, code: { optimize: false } } as const;
