import { validateDeployment } from '../../api/validate.js';
import type { CliArgs } from '../args.js';
import { loadConfigFor } from '../load-config.js';
import { printJson, printLines } from '../print.js';

/** `ferry validate`: the live-deployment suites against the environment's router (--preview: the staged release); JUnit under reports/junit/. */
export async function run(args: CliArgs, signal: AbortSignal): Promise<number> {
  const config = await loadConfigFor(args);
  const { result, lines } = await validateDeployment(config, signal, { preview: args.preview });
  if (args.json) printJson(result);
  else printLines(lines);
  return result.passed ? 0 : 1;
}
