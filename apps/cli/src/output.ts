import { SingleBar } from 'cli-progress';

export interface Output {
  json: boolean;
  /** The command's result: one JSON document with --json, else the human text. */
  result(data: unknown, human: () => string): void;
  /** Diagnostics: always stderr, so stdout stays parseable. */
  info(message: string): void;
  progress(label: string, total: number): Progress;
}

export interface Progress {
  update(bytes: number): void;
  stop(): void;
}

export function createOutput(json: boolean): Output {
  const interactive = Boolean(process.stderr.isTTY) && !json;
  return {
    json,
    result(data, human) {
      process.stdout.write(json ? `${JSON.stringify(data, null, 2)}\n` : `${human()}\n`);
    },
    info(message) {
      process.stderr.write(`${message}\n`);
    },
    progress(label, total) {
      if (interactive) {
        const bar = new SingleBar({
          format: `${label} [{bar}] {percentage}% | {value}/{total} bytes`,
          stream: process.stderr,
          hideCursor: true,
        });
        bar.start(total, 0);
        return { update: (bytes) => bar.update(bytes), stop: () => bar.stop() };
      }
      // Not a terminal (CI logs, --json): a plain line every 25%, never a redrawn bar.
      let reported = -1;
      return {
        update(bytes) {
          const quarter = total === 0 ? 4 : Math.floor((bytes / total) * 4);
          if (quarter > reported) {
            reported = quarter;
            process.stderr.write(`${label}: ${Math.min(100, quarter * 25)}% (${bytes}/${total} bytes)\n`);
          }
        },
        stop() {},
      };
    },
  };
}

export function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length))) ?? [];
  return rows
    .map((row) =>
      row
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
