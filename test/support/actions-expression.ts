// Evaluates a workflow's `if:` the way GitHub Actions does, with GitHub's own expression library.
import { Evaluator, Lexer, Parser, data } from '@actions/expressions';
import type { FunctionDefinition } from '@actions/expressions/funcs/info';
import { truthy } from '@actions/expressions/result';

export interface Situation {
  github: { event_name: string; ref: string };
  steps?: Record<string, { outcome: 'success' | 'failure' | 'skipped'; outputs?: Record<string, string> }>;
  failed?: boolean; // an earlier step (or a needed job) failed
}

const STATUS_FUNCTIONS = ['success', 'failure', 'always', 'cancelled'];

/** True when a job or step with this `if:` would run in the situation; none means success(). */
export function runsWhen(condition: string | undefined, situation: Situation): boolean {
  const text = (condition ?? 'success()').trim().replace(/^\$\{\{([\s\S]*)\}\}$/, '$1');
  // GitHub adds `success() &&` to a condition that calls no status function.
  const usesStatus = new RegExp(`\\b(${STATUS_FUNCTIONS.join('|')})\\s*\\(`).test(text);
  const expression = usesStatus ? text : `success() && (${text})`;
  const failed = situation.failed ?? false;
  const status = (name: string, value: boolean): FunctionDefinition => ({ name, minArgs: 0, maxArgs: 0, call: () => new data.BooleanData(value) });
  const functions = [status('success', !failed), status('failure', failed), status('always', true), status('cancelled', false)];
  const lexed = new Lexer(expression).lex();
  const tree = new Parser(lexed.tokens, ['github', 'steps'], functions).parse();
  const context = JSON.parse(JSON.stringify({ github: situation.github, steps: situation.steps ?? {} }), data.reviver) as data.Dictionary;
  return truthy(new Evaluator(tree, context, new Map(functions.map((f) => [f.name, f]))).evaluate());
}
