#!/usr/bin/env node
import { render } from 'ink';
import { parseArgs } from 'node:util';
import { pipelineApi } from './app/api.js';
import { App } from './app/App.js';
import { nonTtyMessage } from './app/non-tty.js';
import { ColorContext, colorsEnabled } from './components/theme.js';

const USAGE = 'usage: pnpm pipeline [--environments DIR]   (default ./environments)';

function main(): void {
  let environmentsDir: string;
  try {
    const { values } = parseArgs({ options: { environments: { type: 'string', default: 'environments' }, help: { type: 'boolean', short: 'h' } }, strict: true });
    if (values.help) {
      process.stdout.write(`${USAGE}\n`);
      return;
    }
    environmentsDir = values.environments!;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    process.stderr.write(`${nonTtyMessage(environmentsDir)}\n`);
    process.exitCode = 2;
    return;
  }
  let exiting = false;
  const app = render(
    <ColorContext.Provider value={colorsEnabled(process.env)}>
      <App
        api={pipelineApi}
        environmentsDir={environmentsDir}
        onExit={(code) => {
          if (exiting) return;
          exiting = true;
          app.unmount();
          // Docker and HTTP clients may keep sockets open: leave once Ink has restored the terminal.
          setTimeout(() => process.exit(code), 50);
        }}
      />
    </ColorContext.Provider>,
    { exitOnCtrlC: false },
  );
}

main();
