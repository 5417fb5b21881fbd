#!/usr/bin/env node
// Stand-in for the trivy binary in contract tests: records its argv, replays a real report on
// stdout, writes the given stderr lines, and exits with the code it is told to.
import { readFileSync, writeFileSync } from 'node:fs';

const env = process.env;
if (env.STANDIN_ARGV_FILE) writeFileSync(env.STANDIN_ARGV_FILE, JSON.stringify(process.argv.slice(2)));
for (const line of JSON.parse(env.STANDIN_STDERR ?? '[]')) process.stderr.write(line);
if (env.STANDIN_SLEEP_MS) await new Promise((resolve) => setTimeout(resolve, Number(env.STANDIN_SLEEP_MS)));
if (env.STANDIN_REPORT) process.stdout.write(readFileSync(env.STANDIN_REPORT));
process.exitCode = Number(env.STANDIN_EXIT ?? '0');
