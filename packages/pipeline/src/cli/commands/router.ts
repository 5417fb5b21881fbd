import { takeOverRouter } from '../../api/takeover.js';
import { ConfigError } from '../../errors.js';
import type { CliArgs } from '../args.js';
import { loadConfigFor } from '../load-config.js';
import { printJson, printLines } from '../print.js';

/** `ferry router takeover --env E`: the one-time move from the host nginx to the router container. */
export async function run(args: CliArgs): Promise<number> {
  if (args.subcommand !== 'takeover') throw new ConfigError(`ferry router ${args.subcommand ?? ''}: the only router command is \`ferry router takeover --env E\`.`);
  const config = await loadConfigFor(args);
  const result = await takeOverRouter({
    config,
    yes: args.yes,
    interactive: Boolean(process.stdin.isTTY && process.stderr.isTTY),
    command: ['ferry', ...process.argv.slice(2)].join(' '),
  });
  if (args.json) {
    printJson(result);
    return 0;
  }
  printLines([
    `${config.name}: router taken over by ${result.router}, serving ${result.serving.version} on ${result.serving.colour}`,
    `  ${result.joined ? `${result.joined} joined` : 'the colour was already on'} network ${result.network} (not restarted)`,
    `  listener handover: ${result.handover.ms}ms between the host nginx closing ${config.router.listen.host}:${config.router.listen.port} and the container answering on it`,
    `  host nginx stopped; deleted ${result.hostRouterFiles.join(', ') || 'nothing'}`,
  ]);
  return 0;
}
