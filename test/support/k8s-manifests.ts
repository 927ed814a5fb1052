import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { type AppConfig, parseConfig } from '../../src/config';
import { ServingChart } from '../../charts/serving-chart';

/** A synthesized Kubernetes object as plain JSON. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests walk synthesized JSON freely
export type Manifest = Record<string, any>;

/** The config of one replica mode, everything else at its defaults plus `overrides` (raw config sections). */
export function configFor(
  mode: 'autoscaled' | 'static',
  overrides: Record<string, Record<string, unknown>> = {},
): AppConfig {
  return parseConfig({ ...overrides, scaling: { ...(overrides.scaling ?? {}), mode } }, `test config (${mode})`);
}

/** Synthesizes the serving chart in memory (no files) and returns its objects in output order. */
export function synthServing(config: AppConfig): Manifest[] {
  const app = new App({ outdir: '/nonexistent-not-written' });
  const chart = new ServingChart(app, 'toxicity-serving', { config });
  return chart.toJson() as Manifest[];
}

/**
 * Synthesizes whatever `build` adds to a fresh chart (for construct tests). The chart has a namespace
 * like the real one.
 */
export function synthConstructs(build: (scope: Construct) => void, namespace = 'test-ns'): Manifest[] {
  const app = new App({ outdir: '/nonexistent-not-written' });
  const chart = new Chart(app, 'test', { namespace });
  build(chart);
  return chart.toJson() as Manifest[];
}

/** The single object of a kind; throws (failing the test) when there are none or several. */
export function only(manifests: readonly Manifest[], kind: string): Manifest {
  const found = manifests.filter((m) => m.kind === kind);
  if (found.length !== 1) throw new Error(`expected exactly one ${kind}, found ${found.length}`);
  return found[0];
}

/** The kinds in output order. */
export function kindsOf(manifests: readonly Manifest[]): string[] {
  return manifests.map((m) => String(m.kind));
}

/** The pod template labels of a workload. */
export function podLabels(workload: Manifest): Record<string, string> {
  return workload.spec.template.metadata.labels as Record<string, string>;
}

/** The first container of a workload. */
export function firstContainer(workload: Manifest): Manifest {
  return workload.spec.template.spec.containers[0] as Manifest;
}
