import type { Reference } from './interpolate.js';
import { keyPathText, type Issue, type KeyPath } from './issues.js';
import type { EnvironmentFile } from './schema.js';

/** Every variable whose value is a secret, with the key that names it (for the message). */
export function secretVariables(file: EnvironmentFile): Map<string, string> {
  const named: [string | undefined, KeyPath][] = [
    ...file.container.secrets.map((name, i): [string, KeyPath] => [name, ['container', 'secrets', i]]),
    [file.database?.url_env, ['database', 'url_env']],
    [file.notify?.webhook_env, ['notify', 'webhook_env']],
    [file.image.registry?.username_env, ['image', 'registry', 'username_env']],
    [file.image.registry?.password_env, ['image', 'registry', 'password_env']],
  ];
  const secrets = new Map<string, string>();
  for (const [name, at] of named) if (name !== undefined && !secrets.has(name)) secrets.set(name, keyPathText(at));
  return secrets;
}

// `${SECRET}` in any other key copies the value where it is stored in release files, printed, or baked into the image.
export function secretReferenceIssues(file: EnvironmentFile, references: readonly Reference[]): Issue[] {
  const secrets = secretVariables(file);
  return references.flatMap(({ name, path }): Issue[] => {
    const namedBy = secrets.get(name);
    if (namedBy === undefined) return [];
    return [{
      path,
      message: `interpolates \${${name}}, a secret (named by ${namedBy}); a secret's value goes only to the container, never into another key (it would be written to release files, printed or built into the image)`,
      hint: `delete \${${name}} from ${keyPathText(path)} and list ${name} in container/secrets instead: the container reads it from its environment`,
    }];
  });
}
