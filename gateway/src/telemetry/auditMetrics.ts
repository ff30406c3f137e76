import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { AuditLog, AuditWriteObserver } from '../security/createAuditLog.ts';

/** The audit writer's metrics: what createSecurity tells of writes, and the queue at each scrape. */
export interface AuditMetrics {
  /** Given to createSecurity as `observeAuditWrite`. */
  observer: AuditWriteObserver;
  /** The audit log whose queue `gateway_audit_queue_depth` reports, once security is built. */
  watch(audit: AuditLog | undefined): void;
}

/**
 * `gateway_audit_queue_depth` (entries waiting and places reserved; the gateway refuses auditable
 * requests with AUDIT_UNAVAILABLE once it reaches the maximum), `gateway_audit_write_duration_seconds` (one
 * batch's transaction), `gateway_audit_entries_written_total` and
 * `gateway_audit_write_failures_total`.
 */
export function auditMetrics(registry: Registry): AuditMetrics {
  let audit: AuditLog | undefined;
  new Gauge({
    name: 'gateway_audit_queue_depth',
    help: 'Audit entries queued in memory and places reserved by running operations, not yet written.',
    registers: [registry],
    collect() {
      if (audit) this.set(audit.size());
    },
  });
  const duration = new Histogram({
    name: 'gateway_audit_write_duration_seconds',
    help: 'Time to write one batch of audit entries (its transaction, lock included).',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const written = new Counter({
    name: 'gateway_audit_entries_written_total',
    help: 'Audit entries committed to the audit log.',
    registers: [registry],
  });
  const failures = new Counter({
    name: 'gateway_audit_write_failures_total',
    help: 'Audit batch writes that failed (retried with back-off; nothing is dropped).',
    registers: [registry],
  });
  return {
    observer: {
      written(entries, milliseconds) {
        written.inc(entries);
        duration.observe(milliseconds / 1000);
      },
      failed() {
        failures.inc();
      },
    },
    watch(log) {
      audit = log;
    },
  };
}
