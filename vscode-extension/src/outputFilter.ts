/**
 * What the language client writes to the wflint output channel, sorted by level. The client logs
 * every server exit as `[Error - <time>] Server process exited with code 0.`, also the planned one
 * when the server is stopped (a restart, a failed lookup after a settings change): that is not an
 * error. Pure, so it is unit-tested without VS Code.
 */

export interface LineSink {
  appendLine(line: string): void;
  info(message: string): void;
}

const CLEAN_EXIT = /^\[Error\s*-\s*[^\]]*\]\s*Server process exited with code 0\.?\s*$/;

/** The message to log at info level instead of the line as written, or undefined to keep the line. */
export function downgradedLine(line: string): string | undefined {
  return CLEAN_EXIT.test(line) ? 'Server process exited (code 0)' : undefined;
}

/** A sink that writes clean exits at info level and everything else as it is. */
export function filterClientLines<T extends LineSink>(sink: T): T {
  return new Proxy(sink, {
    get(target, property, receiver) {
      if (property === 'appendLine') {
        return (line: string) => {
          const info = downgradedLine(line);
          if (info === undefined) {
            target.appendLine(line);
          } else {
            target.info(info);
          }
        };
      }
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
