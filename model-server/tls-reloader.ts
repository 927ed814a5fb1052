import { X509Certificate } from 'node:crypto';
import type { Logger } from './logger';

/** A certificate chain and its private key, PEM (as a `kubernetes.io/tls` Secret holds them). */
export interface TlsMaterial {
  readonly cert: string;
  readonly key: string;
}

/** Where the server's TLS material comes from: the entry point reads the mounted Secret's files. */
export interface TlsSource {
  load(): Promise<TlsMaterial>;
  /** How often to look for a new certificate. */
  readonly reloadIntervalMs: number;
}

/** What the reloader swaps the certificate in (`https.Server#setSecureContext`). */
export interface SecureContextTarget {
  setSecureContext(options: { cert: string; key: string }): void;
}

/** The subject and expiry of the first certificate of a PEM chain, for the log. */
export function describeCertificate(pem: string): { subject: string; validTo: string; fingerprint256: string } {
  const cert = new X509Certificate(pem);
  return { subject: cert.subject.replace(/\n/g, ', '), validTo: cert.validTo, fingerprint256: cert.fingerprint256 };
}

/**
 * Swaps in a new certificate without a restart: polls the source, and when the PEM text changes sets a
 * new secure context, which applies to new TLS handshakes while open connections keep theirs (so no
 * request is dropped). A Kubernetes Secret volume is updated by an atomic symlink swap, but the two
 * files are read one after the other, so a key that does not match its certificate is retried at the
 * next poll and only logged as a warning when it persists.
 */
export class TlsReloader {
  private current: TlsMaterial;
  private timer: NodeJS.Timeout | undefined;
  private failures = 0;
  private checking: Promise<void> | undefined;

  constructor(
    private readonly source: TlsSource,
    initial: TlsMaterial,
    private readonly target: SecureContextTarget,
    private readonly logger: Logger,
  ) {
    this.current = initial;
  }

  start(): void {
    this.timer ??= setInterval(() => void this.check(), this.source.reloadIntervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Looks once for a new certificate (the timer calls it; tests may too). Never throws. */
  check(): Promise<void> {
    this.checking ??= this.checkOnce().finally(() => (this.checking = undefined));
    return this.checking;
  }

  private async checkOnce(): Promise<void> {
    let next: TlsMaterial;
    try {
      next = await this.source.load();
      if (next.cert === this.current.cert && next.key === this.current.key) {
        this.failures = 0;
        return;
      }
      this.target.setSecureContext({ cert: next.cert, key: next.key });
    } catch (err) {
      this.failures++;
      if (this.failures >= 2) {
        this.logger.warning('the new TLS certificate cannot be used; still serving the previous one', {
          error: err instanceof Error ? err.message : String(err),
          attempts: this.failures,
        });
      }
      return;
    }
    this.failures = 0;
    this.current = next;
    this.logger.notice('TLS certificate reloaded', describeCertificate(next.cert));
  }
}
