/**
 * The cdk8s app named in cdk8s.yaml (`npx cdk8s synth`, `npm run synth`): loads the config once
 * (`TOXICITY_CONFIG` or ./toxicity.config.yaml) and writes the manifests to `CDK8S_OUTDIR` (the
 * cdk8s CLI sets it to `dist`), and the Config Connector objects to its `infra/` sub-folder. An
 * entry point, so it is the one place here that reads the env.
 */
import { join } from 'node:path';
import { ConfigError, EnvError, deploymentProblems, loadConfigFile, parseEnv } from '../src/config';
import { INFRA_OUTPUT_DIR, createInfraApp } from './infra-app';
import { createServingApp, edgeWarnings, servingChartOf } from './serving-app';

try {
  const env = parseEnv(process.env);
  const config = loadConfigFile({ path: env.TOXICITY_CONFIG, cwd: process.cwd(), env });
  // What synth writes is deployed: refuse settings that only work on this machine (a loopback registry, …).
  const problems = deploymentProblems(config);
  if (problems.length > 0) throw new ConfigError(env.TOXICITY_CONFIG ?? 'toxicity.config.yaml', problems);
  for (const warning of edgeWarnings(config)) process.stderr.write(`synth: warning: ${warning}\n`);
  const outdir = env.CDK8S_OUTDIR ?? 'dist';
  const serving = createServingApp(config, { outdir });
  const infra = createInfraApp(config, servingChartOf(serving), { outdir: join(outdir, INFRA_OUTPUT_DIR) });
  serving.synth();
  infra.synth();
} catch (err) {
  process.stderr.write(`synth: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = err instanceof ConfigError || err instanceof EnvError ? 2 : 1;
}
