import type { SchemaCheckReport } from './runSchemaCheck.ts';

/** Rules whose findings on elements that were already there are summarised unless verbose. */
const styleRules = new Set(['description', 'naming']);

/**
 * The report as a person reads it in a terminal or a CI log: what was compared with what, the
 * usage evidence, composition, each change with its classification and the operations it
 * affects, broken operations, lints, and the verdict.
 */
export function formatReport(
  report: SchemaCheckReport,
  options: { verbose?: boolean } = {},
): string {
  const lines: string[] = [];
  const subgraphs = (names: readonly string[]) => (names.length > 0 ? names.join(', ') : 'graph');
  lines.push(`Schema check of ${report.subgraphs.join(', ')} against ${report.base}`);

  const manifestOperations = report.usage.manifests.reduce((sum, m) => sum + m.operations, 0);
  const manifests =
    report.usage.manifests.length === 0
      ? 'no trusted-document manifest in the repository'
      : `${manifestOperations} operation(s) in ${report.usage.manifests.length} manifest(s): ${report.usage.manifests.map((m) => m.path).join(', ')}`;
  const audit = report.usage.audit.configured
    ? `${report.usage.audit.operations} operation(s) recorded over ${report.usage.audit.days} days${report.usage.audit.withoutDocument > 0 ? ` (${report.usage.audit.withoutDocument} more without a kept document)` : ''}`
    : 'not configured (GATEWAY_DATABASE_URL or DATABASE_URL)';
  lines.push(`Usage: ${manifests}; audit log: ${audit}`);
  for (const manifest of report.usage.manifests) {
    for (const error of manifest.errors) lines.push(`  ✗ ${manifest.path}: ${error}`);
  }
  const evidence = `no operation uses it (${manifestOperations} in manifests; audit log ${report.usage.audit.configured ? `${report.usage.audit.operations} over ${report.usage.audit.days} days` : 'not configured'})`;

  if (!report.composition.ok) {
    lines.push('', 'Composition failed:');
    for (const error of report.composition.errors) {
      lines.push(`  ✗ [${subgraphs(error.subgraphs)}] ${error.message}`);
    }
  } else {
    lines.push('Composition: ok');
    const changes = report.changes;
    lines.push('', changes.length === 0 ? 'Changes: none' : `Changes (${changes.length}):`);
    for (const change of changes) {
      const used = change.usedBy.length > 0;
      const mark =
        change.classification === 'breaking'
          ? used
            ? '✗'
            : '!'
          : change.classification === 'dangerous'
            ? '!'
            : '·';
      lines.push(
        `  ${mark} ${change.classification.padEnd(9)} [${subgraphs(change.subgraphs)}] ${change.message}`,
      );
      if (change.type === 'POLICY_CHANGED' && change.reason) lines.push(`      ${change.reason}`);
      if (used) lines.push(`      used by: ${change.usedBy.join('; ')}`);
      else if (change.classification === 'breaking') lines.push(`      ${evidence}`);
    }
    if (report.brokenOperations.length > 0) {
      lines.push('', 'Operations that no longer validate:');
      for (const broken of report.brokenOperations) {
        lines.push(`  ✗ ${broken.operation}`);
        for (const error of broken.errors) lines.push(`      ${error}`);
      }
    }
  }

  if (report.lints.length > 0) {
    lines.push('', 'Lints:');
    const summarised = new Map<string, number>();
    for (const lint of report.lints) {
      if (!options.verbose && lint.level === 'warning' && styleRules.has(lint.rule)) {
        const key = `${subgraphs(lint.subgraphs)}\t${lint.rule}`;
        summarised.set(key, (summarised.get(key) ?? 0) + 1);
        continue;
      }
      lines.push(
        `  ${lint.level === 'error' ? '✗' : '!'} ${lint.rule.padEnd(11)} [${subgraphs(lint.subgraphs)}] ${lint.message}`,
      );
    }
    for (const [key, count] of summarised) {
      const [names, rule] = key.split('\t');
      lines.push(
        `  ! ${rule!.padEnd(11)} [${names}] ${count} element(s) already there break the ${rule} rule (--verbose lists them)`,
      );
    }
  }

  lines.push(
    '',
    `${report.passed ? 'Passed' : 'Failed'}: ${report.errors} error(s), ${report.warnings} warning(s).`,
  );
  return lines.join('\n');
}
