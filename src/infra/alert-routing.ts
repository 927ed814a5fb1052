import { Construct } from 'constructs';
import { MonitoringAlertPolicy, MonitoringNotificationChannel } from './imports/monitoring.cnrm.cloud.google.com';
import { gcpMetadata, objectName } from './gcp-metadata';

/** One alert as Prometheus evaluates it (the serving chart's rules, rendered). */
export interface RoutedAlert {
  readonly name: string;
  /** Full PromQL condition (quantity, comparison, threshold). */
  readonly expr: string;
  /** `for`, as a Prometheus duration (`5m`, `0s`). */
  readonly for: string;
  readonly severity: 'critical' | 'warning';
  readonly runbookUrl: string;
}

export interface AlertRoutingProps {
  readonly projectId: string;
  /** Where alerts are sent; null creates the policies without a receiver. */
  readonly email: string | null;
  readonly alerts: readonly RoutedAlert[];
  /** Rule evaluation interval, seconds. */
  readonly evaluationIntervalSeconds: number;
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * Routes the API's alerts to a person: an e-mail notification channel and one Cloud Monitoring
 * alert policy per alert, each a PromQL condition over the Managed Prometheus series the rules use
 * (cloud.google.com/monitoring/promql/create-promql-alerts-console, `conditionPrometheusQueryLanguage`).
 */
export class AlertRouting extends Construct {
  readonly channelName: string | null;
  readonly policyNames: readonly string[];

  constructor(scope: Construct, id: string, props: AlertRoutingProps) {
    super(scope, id);
    if (props.alerts.length === 0) throw new Error(`AlertRouting: 'alerts' must not be empty`);
    if (props.email !== null && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(props.email)) {
      throw new Error(`AlertRouting: 'email' must be an e-mail address, got "${props.email}"`);
    }
    this.channelName = props.email === null ? null : 'toxicity-oncall-email';
    if (this.channelName !== null) {
      new MonitoringNotificationChannel(this, 'Channel', {
        metadata: gcpMetadata({ name: this.channelName, projectId: props.projectId, labels: props.labels }),
        spec: { type: 'email', labels: { email_address: props.email! }, description: 'toxicity alerts', enabled: true },
      });
    }
    const names: string[] = [];
    for (const a of props.alerts) {
      const name = objectName(`toxicity-${a.name}`);
      names.push(name);
      new MonitoringAlertPolicy(this, a.name, {
        metadata: gcpMetadata({ name, projectId: props.projectId, labels: props.labels }),
        spec: {
          displayName: a.name,
          combiner: 'OR',
          enabled: true,
          severity: a.severity === 'critical' ? 'CRITICAL' : 'WARNING',
          conditions: [
            {
              displayName: a.name,
              conditionPrometheusQueryLanguage: {
                query: a.expr,
                duration: promToSeconds(a.for),
                evaluationInterval: `${props.evaluationIntervalSeconds}s`,
                alertRule: a.name,
                labels: { severity: a.severity },
              },
            },
          ],
          documentation: {
            mimeType: 'text/markdown',
            content: `Prometheus alert ${a.name} (${a.severity}). Runbook: ${a.runbookUrl}`,
          },
          alertStrategy: { autoClose: `${7 * 86400}s` },
          ...(this.channelName !== null ? { notificationChannels: [{ name: this.channelName }] } : {}),
        },
      });
    }
    this.policyNames = names;
  }
}

/** `5m` / `1h30m` / `0s` → `300s`, the duration format of the Monitoring API. */
export function promToSeconds(d: string): string {
  const re = /(\d+)(ms|s|m|h|d)/g;
  if (!/^(\d+(ms|s|m|h|d))+$/.test(d)) throw new Error(`not a Prometheus duration: "${d}"`);
  const unit: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 };
  let total = 0;
  for (const m of d.matchAll(re)) total += Number(m[1]) * unit[m[2]];
  return `${total}s`;
}
