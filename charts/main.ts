/**
 * The cdk8s app named in cdk8s.yaml (`npx cdk8s synth`, `npm run synth`): loads the config once
 * (`TOXICITY_CONFIG` or ./toxicity.config.yaml) and writes the manifests to `CDK8S_OUTDIR` (the
 * cdk8s CLI sets it to `dist`). An entry point, so it is the one place here that reads the env.
 */
import { ConfigError } from '../src/config';
import { loadConfigFile } from '../src/config/config-file';
import { createServingApp } from './serving-app';

try {
  const config = loadConfigFile({ path: process.env.TOXICITY_CONFIG, cwd: process.cwd(), env: process.env });
  createServingApp(config, { outdir: process.env.CDK8S_OUTDIR ?? 'dist' }).synth();
} catch (err) {
  process.stderr.write(
    `synth: ${err instanceof ConfigError ? err.message : err instanceof Error ? err.message : String(err)}\n`,
  );
  process.exitCode = err instanceof ConfigError ? 2 : 1;
}
