// Exit codes are the CLI contract (GUIDE.md): each error class carries its own.
export const ExitCode = {
  ok: 0,
  failedRecovered: 1,
  badInput: 2,
  failedUnrecovered: 3,
  locked: 4,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export class FerryError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCodeValue = ExitCode.failedRecovered,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad input or configuration: nothing was changed. */
export class ConfigError extends FerryError {
  constructor(message: string) {
    super(message, ExitCode.badInput);
  }
}

/** Another process holds the environment's deploy lock. */
export class LockHeldError extends FerryError {
  constructor(message: string) {
    super(message, ExitCode.locked);
  }
}

/** The deploy failed and recovery failed too: a human must act. */
export class UnrecoveredError extends FerryError {
  constructor(message: string) {
    super(message, ExitCode.failedUnrecovered);
  }
}
