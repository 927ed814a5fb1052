import type { IamRow } from './iam-table';

/** The IAM table as the Markdown rows docs/infrastructure.md holds between its IAM markers. */
export function iamMarkdown(rows: readonly IamRow[]): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  return [
    '| Member | Role | On | Why |',
    '| --- | --- | --- | --- |',
    ...rows.map((r) => `| \`${cell(r.member)}\` | \`${r.role}\` | ${cell(r.on)} | ${cell(r.reason)} |`),
  ].join('\n');
}
