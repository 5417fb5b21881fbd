/** Printed instead of a silent Ink frame when there is no terminal to draw on (CI, pipes). */
export function nonTtyMessage(environmentsDir: string): string {
  const envs = environmentsDir === 'environments' || environmentsDir === './environments' ? '' : ` --environments ${environmentsDir}`;
  return [
    'pnpm pipeline is interactive and needs a terminal (stdin and stdout must be a TTY).',
    'Without one, use the ferry CLI or make:',
    `  ferry deploy --env E --tag T --yes${envs}      make deploy-staging IMAGE_TAG=T`,
    `  ferry rollback --env E [--to T] --yes${envs}   make rollback ENV=E [TO=T] YES=1`,
    `  ferry status --env E${envs}                    make deploy-status ENV=E`,
    `  ferry history --env E${envs}                   make history ENV=E`,
    `  ferry logs --env E${envs}                      make deploy-logs ENV=E`,
    `  ferry validate --env E${envs}                  make validate-deployment ENV=E`,
    '(pnpm ferry … runs the CLI from the repository root.)',
  ].join('\n');
}
