import { parseConfig } from '../../src/config';
import { BASELINE_MIB, checkMemoryBudget, memoryBudget } from '../../model-server/request-budget';

const MiB = 1024 * 1024;

describe('memoryBudget', () => {
  it('fits the default settings in the default 512 MiB container limit', () => {
    const c = parseConfig({});
    const budget = checkMemoryBudget(c.server, c.resources.memoryLimitMiB);
    expect(budget.totalBytes).toBeLessThan(0.9 * 512 * MiB);
    expect(budget.baselineBytes).toBe(BASELINE_MIB * MiB);
  });

  it('grows with the in-flight cap and the body limit', () => {
    const base = parseConfig({}).server;
    const a = memoryBudget(base);
    const b = memoryBudget({ ...base, maxInFlight: base.maxInFlight * 2 });
    const c = memoryBudget({ ...base, bodyLimitKiB: base.bodyLimitKiB * 2 });
    const d = memoryBudget({ ...base, maxLargeInFlight: base.maxLargeInFlight + 1 });
    expect(b.totalBytes - a.totalBytes).toBe(base.maxInFlight * a.perSmallRequestBytes);
    expect(d.totalBytes - a.totalBytes).toBe(a.perRequestBytes - a.perSmallRequestBytes);
    expect(c.perRequestBytes).toBeGreaterThan(a.perRequestBytes);
    expect(c.workingSetBytes).toBeGreaterThan(a.workingSetBytes);
  });

  it('refuses settings that need more than the memory limit, naming the settings to change', () => {
    const server = parseConfig({ server: { maxInFlight: 1000, maxLargeInFlight: 100 } }).server;
    expect(() => checkMemoryBudget(server, 512)).toThrow(
      /server\.maxInFlight \(1000\) requests, of which server\.maxLargeInFlight \(100\) .* more than 90% of resources\.memoryLimitMiB \(512\); lower those limits or raise the memory limit/,
    );
    expect(() => checkMemoryBudget(server, 16384)).not.toThrow();
  });
});
