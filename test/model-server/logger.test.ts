import { createJsonLogger, parseSeverity, silentLogger } from '../../model-server/logger';

function capture(level?: Parameters<typeof createJsonLogger>[0]['level']) {
  const lines: string[] = [];
  const logger = createJsonLogger({
    write: (l) => lines.push(l),
    now: () => Date.UTC(2025, 0, 2, 3, 4, 5),
    ...(level ? { level } : {}),
  });
  return { logger, lines, entries: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('createJsonLogger', () => {
  it('writes one JSON object per line with Cloud Logging severity, message and time first', () => {
    const { logger, lines } = capture();
    logger.info('model loaded', { version: '1' });
    expect(lines).toEqual([
      '{"severity":"INFO","message":"model loaded","time":"2025-01-02T03:04:05.000Z","version":"1"}\n',
    ]);
  });

  it('skips entries below the level (INFO by default)', () => {
    const { logger, entries } = capture();
    logger.debug('noise');
    logger.warning('careful');
    expect(entries().map((e) => e.severity)).toEqual(['WARNING']);
    expect(logger.enabled('DEBUG')).toBe(false);
    expect(capture('DEBUG').logger.enabled('DEBUG')).toBe(true);
  });

  it('redacts comment text and credentials wherever they appear', () => {
    const { logger, lines } = capture();
    logger.error('oops', {
      text: 'private comment',
      nested: { texts: ['a private one'], Authorization: 'Bearer abc', list: [{ body: '{"text":"x"}' }] },
      token: 'eyJ...',
    });
    const out = lines.join('');
    for (const secret of ['private comment', 'a private one', 'Bearer abc', 'eyJ', '{\\"text']) {
      expect(out).not.toContain(secret);
    }
    expect(JSON.parse(out)).toMatchObject({ text: '[redacted]', nested: { Authorization: '[redacted]' } });
  });

  it('never lets fields overwrite severity, message or time', () => {
    const { logger, entries } = capture();
    logger.notice('real', { severity: 'DEBUG', message: 'fake', time: 'then' });
    expect(entries()[0]).toMatchObject({ severity: 'NOTICE', message: 'real', time: '2025-01-02T03:04:05.000Z' });
  });

  it('writes errors with name, message and stack', () => {
    const { logger, entries } = capture();
    logger.error('failed', { error: new TypeError('bad') });
    expect(entries()[0].error).toMatchObject({
      name: 'TypeError',
      message: 'bad',
      stack: expect.stringContaining('TypeError: bad'),
    });
  });

  it('still writes a line when fields cannot be serialized', () => {
    const { logger, entries } = capture();
    logger.info('big', { n: 10n });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    logger.info('cyclic', { cyclic });
    expect(entries()[0]).toMatchObject({ message: 'big', n: '10' });
    expect(entries()[1]).toMatchObject({ message: 'cyclic' });
  });
});

describe('parseSeverity', () => {
  it('accepts Cloud Logging severities in any case, and warn', () => {
    expect(parseSeverity('debug')).toBe('DEBUG');
    expect(parseSeverity(' Warn ')).toBe('WARNING');
    expect(parseSeverity('ERROR')).toBe('ERROR');
  });

  it('throws naming the accepted values for anything else', () => {
    expect(() => parseSeverity('verbose')).toThrow(
      'LOG_LEVEL must be one of DEBUG, INFO, NOTICE, WARNING, ERROR, CRITICAL (case-insensitive), got "verbose"',
    );
  });
});

describe('silentLogger', () => {
  it('writes nothing and reports every level disabled', () => {
    expect(silentLogger.enabled('ERROR')).toBe(false);
    expect(() => silentLogger.error('x')).not.toThrow();
  });
});
