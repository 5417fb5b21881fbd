export const HELP = `ferry — zero-downtime blue-green deploys of containerised web services

Usage: ferry <command> [flags]

Commands:
  deploy   --env E --tag T [--strategy blue-green] [--dry-run] [--yes] [--force] [--json] [--plain]
             build (if configured) → push (if configured) → start the idle colour → health gate →
             switch nginx → monitor → keep, or roll back on any failure
  rollback --env E [--to T] [--yes] [--json] [--plain]
             warm: switch back to the idle colour still running; cold: start the kept image first
  status   --env E [--json]     truth from Docker labels + router config: active, standby, lock
  history  --env E [--json]     the environment's release ledger
  logs     --env E [--follow]   container logs of the active colour
  unlock   --env E [--force]    clear the deploy lock; --force even when its holder may be alive
  config check --env E          validate environments/E.yaml and the secrets it names
  validate | migrate | scan | loadtest | report | backups | restore | pipeline
                                not available yet (exit 2)

Global flags:
  --environments DIR   directory of environment files (default ./environments)
  --json               one JSON document on stdout; progress goes to stderr
  --plain              line-per-event output even in a terminal
  -h, --help           this help          --version   print the version

Exit codes: 0 done · 1 failed, rolled back, traffic on the previous healthy version ·
2 bad input or config, nothing changed · 3 failed and NOT recovered, a human must act ·
4 another command holds the deploy lock.
Secrets are read from the process environment only (container.secrets names them). NO_COLOR is honoured.
`;
