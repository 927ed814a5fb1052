import { App } from 'cdk8s';
import { parseConfig, type AppConfig } from '../../src/config';
import { createInfraApp } from '../../charts/infra-app';
import { createServingApp, servingChartOf } from '../../charts/serving-app';
import type { Manifest } from './k8s-manifests';

/** A config with everything at its defaults plus `overrides` (raw config sections). */
export function infraConfig(overrides: Record<string, unknown> = {}): AppConfig {
  return parseConfig(overrides, 'test config');
}

/** Synthesizes the infra chart (and the serving chart it reads) in memory; the infra objects in output order. */
export function synthInfra(config: AppConfig): Manifest[] {
  const serving = createServingApp(config, { outdir: '/nonexistent-not-written' });
  const app: App = createInfraApp(config, servingChartOf(serving), { outdir: '/nonexistent-not-written' });
  return app.charts.flatMap((c) => c.toJson() as Manifest[]);
}

/** Objects of one kind. */
export function ofKind(ms: readonly Manifest[], kind: string): Manifest[] {
  return ms.filter((m) => m.kind === kind);
}
