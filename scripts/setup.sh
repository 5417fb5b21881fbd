#!/usr/bin/env bash
# Install what Ferry needs on a fresh Debian machine with Node: Docker engine, nginx, pnpm, dependencies.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"

need_apt=()
command -v dockerd >/dev/null || need_apt+=(docker.io)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need_apt+=(nginx-light)
command -v curl >/dev/null || need_apt+=(curl)
command -v flock >/dev/null || need_apt+=(util-linux) # the deploy lock is flock(1) on an open descriptor
command -v ps >/dev/null || need_apt+=(procps) # zx stops a program's whole process tree by listing it with ps
command -v docker-registry >/dev/null || need_apt+=(docker-registry) # the push tests run a real local registry
# The remote-engine tests run a second dockerd in a network namespace (ip netns, a veth pair, nsenter --net),
# reached over tcp://, and feed it through a TLS registry whose self-signed certificate openssl makes.
command -v ip >/dev/null || [ -x /usr/sbin/ip ] || need_apt+=(iproute2)
command -v iptables >/dev/null || [ -x /usr/sbin/iptables ] || need_apt+=(iptables)
command -v nsenter >/dev/null || need_apt+=(util-linux)
command -v openssl >/dev/null || need_apt+=(openssl)
# The ssh:// engine test runs Debian's sshd in that namespace and an ssh-agent here (ssh-keygen, ssh-add).
[ -x /usr/sbin/sshd ] || need_apt+=(openssh-server)
command -v ssh-agent >/dev/null || need_apt+=(openssh-client)
# The database tests start a real PostgreSQL on a loopback port; its clients do backup and restore.
command -v pg_dump >/dev/null || need_apt+=(postgresql-client)
command -v tmux >/dev/null || need_apt+=(tmux) # the TUI's end-to-end test drives it in tmux
command -v redis-server >/dev/null || need_apt+=(redis-server) # the demo app's /health/redis test
command -v prometheus >/dev/null || need_apt+=(prometheus) # the canary's analysis.prometheus tests run a real Prometheus (its own config, port and data dir)
command -v initdb >/dev/null || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_apt+=(postgresql)
if [ ${#need_apt[@]} -gt 0 ]; then
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
# Debian may start a system nginx on :80; Ferry runs its own nginx per environment under the state dir.
$SUDO systemctl stop nginx 2>/dev/null || $SUDO nginx -s quit 2>/dev/null || true
# Debian may start its Prometheus service (and node exporter): the tests run their own, so neither is needed.
$SUDO systemctl stop prometheus prometheus-node-exporter 2>/dev/null || true

if ! docker info >/dev/null 2>&1; then
  $SUDO systemctl start docker 2>/dev/null || true
  if ! docker info >/dev/null 2>&1; then
    $SUDO sh -c 'nohup dockerd >/var/log/ferry-dockerd.log 2>&1 &'
  fi
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
  docker info >/dev/null 2>&1 || { echo "dockerd did not start; see /var/log/ferry-dockerd.log" >&2; exit 1; }
fi

want=$(node -p 'require("./package.json").packageManager.split("@")[1]')
[ "$(pnpm --version 2>/dev/null)" = "$want" ] || $SUDO npm install -g "pnpm@$want" >/dev/null
pnpm install --frozen-lockfile
