import { ConfigError } from '../../errors.js';
import { renderReport, renderReportList } from '../../planning/report-text.js';
import { listReports } from '../../state/report.js';
import type { CliArgs } from '../args.js';
import { loadConfigFor } from '../load-config.js';
import { printJson, printLines } from '../print.js';

/** `ferry report`: the chosen (default: latest) deploy report with its traffic sparklines, and the list of others. */
export async function run(args: CliArgs): Promise<number> {
  const config = await loadConfigFor(args);
  const reports = await listReports(config.stateDir);
  if (reports.length === 0) {
    if (args.id) throw new ConfigError(`--id ${args.id}: ${config.name} has no reports yet; they are written by deploy and rollback`);
    printLines([`${config.name}: no reports yet (${config.stateDir}/reports); deploy or roll back to write one`]);
    return 0;
  }
  const report = args.id ? reports.find((r) => r.id === args.id) : reports.at(-1);
  if (!report) throw new ConfigError(`--id ${args.id}: no such report for ${config.name}; known ids:\n${renderReportList(reports).join('\n')}`);
  if (args.json) {
    printJson(report);
    return 0;
  }
  const width = Math.max(60, Math.min(process.stdout.columns ?? 100, 140));
  const color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
  const others = reports.filter((r) => r !== report).slice(-5);
  printLines([...renderReport(report, { width, color }), ...(others.length && !args.id ? ['', 'earlier reports (ferry report --id ID):', ...renderReportList(others)] : [])]);
  return 0;
}
