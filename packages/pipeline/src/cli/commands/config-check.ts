import { testRouterConfig } from '../../api/router-config-test.js';
import { resolveSecrets } from '../../config/index.js';
import { ConfigError } from '../../errors.js';
import { colourAddress, routerTitle } from '../../planning/names.js';
import type { CliArgs } from '../args.js';
import { loadConfigFor } from '../load-config.js';
import { printJson, printLines } from '../print.js';

/** `ferry config check --env E`: the validation alone, secrets checked for presence and never shown. */
export async function run(args: CliArgs): Promise<number> {
  if (args.subcommand !== 'check') throw new ConfigError(`ferry config ${args.subcommand ?? ''}: the only config command is \`ferry config check --env E\`.`);
  const config = await loadConfigFor(args);
  resolveSecrets(config, process.env);
  const nginx = await testRouterConfig(config); // a refusal is exit 2; a test that could not run is a warning
  const warnings = nginx.ran ? config.warnings : [...config.warnings, nginx.line];
  const secrets = Object.fromEntries(config.container.secrets.map((name) => [name, '[REDACTED]']));
  if (args.json) {
    printJson({ ok: true, warnings, nginxTest: nginx.line, config: { ...config, secrets } });
    return 0;
  }
  printLines([
    `${config.file}: ok`,
    `  app ${config.app}, image ${config.image.name}${config.image.build ? ' (built from ' + config.image.build.context + ')' : ''}`,
    `  router ${config.router.listen.host}:${config.router.listen.port} → blue ${colourAddress(config, 'blue')} / green ${colourAddress(config, 'green')}${config.router.runtime === 'container' ? ` (${routerTitle(config)}, image ${config.router.image})` : ''}`,
    `  secrets: ${config.container.secrets.length ? config.container.secrets.map((s) => `${s}=[REDACTED]`).join(', ') : 'none'}`,
    `  state dir ${config.stateDir}, approval ${config.approval}`,
    ...(nginx.ran ? [`  ${nginx.line}`] : []),
    ...warnings.map((w) => `  warning: ${w}`),
  ]);
  return 0;
}
