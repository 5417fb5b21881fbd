export const HELP = `ferry — zero-downtime blue-green deploys of containerised web services

Usage: ferry <command> [flags]

Commands:
  deploy   --env E --tag T [--strategy blue-green|canary|rolling] [--no-switch] [--dry-run] [--yes] [--force] [--json] [--plain]
             refused (exit 2, nothing changed) while status reports router drift (run \`ferry repair\`; --force
             repairs the router first, keeping what serves, and never replaces the container traffic reaches), and while
             the routed colour is dead and the standby is the only healthy container (roll back first)
             build (if configured) → scan → push (if configured) → pull (another engine) → start the idle colour → health gate →
             switch nginx → verify (with a verify: section) → monitor → load test (if configured) →
             keep, or roll back on any failure. In a terminal it draws the TUI's run view (--plain: lines).
             Canary (strategy.type: canary or --strategy canary, with a release serving): instead of the one
             switch, the new colour gets strategy.steps' weights in turn, each watched for its duration and judged
             by strategy.analysis on the requests each colour answered (error rate, p95, p95 ratio; fewer than
             min_requests extends the step, then fails) and, with analysis.prometheus, a PromQL query's value
             (no data or no answer extends the step too, never passes); then 100 %. A failed step, the canary's failed health,
             \`ferry abort\` or Ctrl+C puts its weight back to 0 and removes it (exit 1); a pause step waits for
             \`ferry promote\`
             Rolling (strategy.type: rolling or --strategy rolling, container.replicas, a release serving): the
             new colour's replicas replace the old one's strategy.batch at a time, start-first: start, gate, add to
             the upstream (confirmed through the router), drain and stop old ones; a failure starts the stopped old
             replicas again (health-gated) and puts the router back (exit 1)
             A traffic probe (probe.rate req/s through the router) runs from before the start to the
             end of the monitor window; every deploy writes <state_dir>/reports/<id>.json and posts
             to notify.webhook_env when set. With a database section:
             backup → migrate → verify before the start; a failure restores the backup
             (a migration failure always; later failures when restore_on_failure is true).
             --no-switch (or strategy.auto_promote: false): stop after the health gate, outcome staged, exit 0:
             the new colour answers on router.preview_listen (without it: only through the router's preview
             header, which validate --preview uses), live traffic stays on the current colour
  promote  --env E [--yes] [--json] [--plain]
             the staged release goes live: under the lock, its health gate again, then the deploy's switch
             (confirmed through the router), verify, monitor, load test, cleanup; a failure switches back (exit 1).
             With strategy canary the staged release goes live by the canary's steps. Nothing staged: exit 2 naming deploy --no-switch.
             While a canary deploy runs (it holds the lock): it skips its remaining steps (or ends its pause) and
             goes to 100 %; exit 0 once it took the request (exit 4 when no canary took it within 15 s).
             A canary whose deploy was killed (the router still splits): switch to it alone
  abort    --env E [--yes] [--json] [--plain]
             drain and remove the staged release under the lock, traffic untouched (outcome aborted); nothing staged: exit 2.
             While a canary deploy runs: it puts its weight back to 0 and removes the canary (that deploy exits 1).
             A canary whose deploy was killed: weight 0 (confirmed through the router), then drain and remove it;
             a killed rolling update's stopped old replicas start again and pass the health gate first
  rollback --env E [--to T|ID] [--yes] [--allow-schema-crossing] [--json] [--plain]
             warm: switch back to the idle colour still running; cold: start the kept image first.
             Without --to: the release before the active one, or the running standby when the history
             disagrees with it (a damaged history must not cold-start an older version over it).
             When the routed colour's container is dead and the standby runs healthy: switch to the standby.
             --to takes a tag or a release id from \`ferry history\`. Crossing a database migration is
             refused (exit 2) without --allow-schema-crossing (the old code may not read the new
             schema); --yes approves the rollback but never implies it
  status   --env E [--json]     truth from Docker labels, the router's config and which container answers through it
             (X-Ferry-Upstream matched to each colour's address): active, standby, a canary's weight split and its step
             (as the running deploy recorded it; unknown after a killed deploy), staged (the
             idle colour's running container created after the last release began) with its preview URL, lock, router drift (with
             whether nginx would start again on its saved config), and
             whether the active release serves: exit 3 when it does not (router down or silent,
             502/503/504, no running container of the routed colour); exit 0 when it does or when
             nothing was ever deployed
  repair   --env E [--json]     Ferry owns the router's config: when status reports it drifted (edited by hand,
             answers labelled one colour coming from the other's container, an address that is no container of
             the environment) or garbage, rewrite it from what serves now (the container answering through the
             router; for a router that does not answer, restarted on a file nginx refuses: the history's last
             release, or the only colour running), nginx -t, reload, and confirm by probe; exit 2 when none can be told
  history  --env E [--json]     the environment's release ledger; a line that is not a release record
             (torn by a crash, edited by hand) is skipped with a warning on stderr naming file and line
  logs     --env E [--follow] [--replica N]
             container logs of every replica of the colour the router serves: the last 200 lines of each
             (a "logs of <container>" line on stderr before each), or with --follow the last 50 and then all of
             them live at once; with several replicas each line starts with its replica's name ("<container> | ").
             --replica N shows replica N alone (1 is the colour's first; exit 2 naming the replicas it runs)
  unlock   --env E              the deploy lock is an OS lock (flock on <state_dir>/deploy.lock) held by
             the running command and released by the kernel the moment it exits, even on kill -9:
             there is nothing to break. unlock clears the holder description a dead command left, or
             a malformed one (status shows it as stale; the next command reclaims it anyway), and exits
             4 naming the holder while a live command holds the lock
  remove   --env E [--purge] [--yes] [--json]
             tear the environment down under the deploy lock: stop its router (gracefully) and remove its
             containers (every colour, set-aside and one-off ones); --purge also deletes its state dir and
             the image tags nothing else holds (a Ferry container of any environment on the engine, another
             environment's rollback targets). Asks (type the environment's name) unless --yes; without a
             terminal --yes is required (exit 2)
  config check --env E          validate environments/E.yaml and the secrets it names, and run nginx -t on the router
             config ferry would run (host nginx on a scratch copy, or a throwaway container of router/image); keys the file
             still has but no longer uses (router/ports with the router container and network: bridge) are warnings, exit 0
  router takeover --env E [--yes] [--json]
             one-time move of an environment served by the host nginx to its router container
             (router/runtime: container in the file, or not set: container is the default): the serving colour joins the environment's network
             without a restart, a staging router container proves it serves it, then the host nginx lets go
             of router/listen and the router container binds it: connections in that gap (the container's
             start, printed in ms) are refused or closed unanswered: not zero-downtime. A failure puts the host nginx back (exit 1).
             Until then deploy and rollback refuse (exit 2, nothing changed) naming this command, and
             router/runtime: host to keep the host nginx; status, logs, validate and remove read the host nginx
  migrate  --env E --tag T [--dry-run] [--yes]
             database backup → migrate (one-off container of the image) → verify; traffic untouched.
             --dry-run runs only database/dry_run and changes nothing
  backups  --env E [--json]     the environment's database backups (id, time, tag, tables, rows, size);
             an unreadable metadata file is named on stderr and skipped
  restore  --env E --backup ID [--yes]
             back up the current database, then restore the backup and prove every table identical,
             all in one transaction (any failure leaves the database as it was); writes made after
             the backup are discarded and counted; always asks (type the environment's name) unless --yes
  build    --env E --tag T [--push]
             only build the image from image/build, on the build engine (a deploy does this itself);
             --push also pushes it to image.registry and, when engine.host is another engine, pulls it there
  scan     --env E --tag T [--json]
             trivy on the local image, gated on scan.fail_on / ignore_unfixed / ignore_file; exit 1 when
             it blocks, 2 when trivy is not installed. In a deploy the scan step is SKIPPED (with the
             reason) when trivy is absent, unless scan.required is true
  loadtest --env E [--scenario smoke|load|stress|spike] [--json]
             the scenario through the environment's router with k6, or the Node fallback engine when
             k6 is not installed (labelled so), requesting loadtest.paths or else health.path and the
             verify paths; exit 1 when a threshold fails
  report   --env E [--id ID] [--json]
             the latest (or chosen) deploy report: steps, scan, backup, health, switch time, traffic
             probe figures with per-second latency/error sparklines, load test, notifications
  validate --env E [--preview] [--json]
             the live-deployment suites (smoke, performance, dependencies) through the
             router, checking only what the verify: section lists (the version only with verify.version);
             JUnit XML in reports/junit/verify-E.xml; exit 1 on failure. --preview: against the staged release
             (router.preview_listen, else through the router with its preview header); nothing staged: exit 2
  pipeline                      not available here: run pnpm pipeline for the interactive TUI (exit 2)

Global flags:
  --environments DIR   directory of environment files (default ./environments)
  --json               one JSON document on stdout; progress goes to stderr
  --plain              line-per-event output even in a terminal
  -h, --help           this help          --version   print the version

Exit codes: 0 done · 1 failed, rolled back, traffic on the previous healthy version ·
2 bad input or config, nothing changed · 3 failed and NOT recovered, a human must act
(ferry status: the active release does not serve) · 4 another command holds the deploy lock.
Past the point of no return (after the monitor window and the load test) nothing is undone: a
failure of the cleanup, the ledger line or the report is a warning — exit 0, outcome
succeeded_with_warnings, the new release serves.
Engine: every command works against engine.host from the environment file (/path.sock, unix://,
tcp://host:port, ssh://user@host), else DOCKER_HOST, else the local socket; a malformed one is exit 2.
Images are built and found on the build engine (DOCKER_HOST, else the local socket); when engine.host
is another engine, deploy pushes to image.registry and that engine pulls the pushed digest (without
image.registry: exit 2, nothing changed).
Router: a container on the environment's engine (router.runtime: container, the default; image router.image,
restart unless-stopped; with container.network: host it shares the host's network and reaches the colours
at 127.0.0.1:router.ports), or router.runtime: host, an nginx process here (a local engine only: exit 2
with an engine on another machine). router.listen is IPv4 (an IPv6 address is exit 2).
On another engine the router is a container (router.listen: 0.0.0.0:PORT) and ferry
reaches it at the engine's host:PORT, or router.public_url: probes, health, validate, loadtest, status.
A missing router.image is pulled on the engine; a cold rollback pulls a lost image from image.registry.
Every Docker engine call is bounded (engine.request_timeout; build/push/pull streams by
engine.stream_idle_timeout of silence): a hung engine ends the command naming the engine, the call
and the key, lock released. The health gate ends by health.deploy_timeout (+ health.timeout) whatever
the engine does.
Ctrl+C or SIGTERM: the engine call in flight ends at once and the command undoes what it changed (exit 1,
or 3 when the undo could not finish). A second one abandons the undo: the history records the run as
abandoned, the lock is released, exit 3. In CI run \`exec node packages/pipeline/dist/cli.js …\`:
pnpm and make do not pass a SIGTERM on (the deploy would carry on detached, holding the lock).
Secrets are read from the process environment only (container.secrets names them) and printed as
[REDACTED] everywhere, ferry logs included: raw, URL-encoded, JSON-escaped, base64, a PEM key line by line.
NO_COLOR is honoured.
`;
