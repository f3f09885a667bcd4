import { readFile } from 'node:fs/promises';

/**
 * What the local service launchers (`npm run elasticsearch`, `npm run s3proxy`) share: their
 * command line (`--port`, `--background` or `--stop`) and the pid file a background run leaves.
 */
export interface ServiceArguments {
  port: number;
  mode: 'foreground' | 'background' | 'stop';
}

export function parseServiceArguments(argv: string[], defaultPort: number, usage: string): ServiceArguments {
  let port = defaultPort;
  let mode: ServiceArguments['mode'] = 'foreground';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--background' || arg === '--stop') {
      if (mode !== 'foreground') throw new Error(`--background and --stop exclude each other\n${usage}`);
      mode = arg === '--stop' ? 'stop' : 'background';
    } else if (arg === '--port' || arg.startsWith('--port=')) {
      const value = arg === '--port' ? argv[++i] : arg.slice('--port='.length);
      port = Number(value);
      if (!value || !Number.isInteger(port) || port < 1 || port > 65535) {
        throw new Error(`--port must be a port number, got ${value ?? 'nothing'}\n${usage}`);
      }
    } else if (arg === '--help' || arg === '-h') {
      console.log(usage);
      process.exit(0);
    } else {
      throw new Error(`unknown argument ${arg}\n${usage}`);
    }
  }
  return { port, mode };
}

/** The pid a background run recorded, or null when there is none (or it is unreadable). */
export async function readPidFile(pidFile: string): Promise<number | null> {
  const text = await readFile(pidFile, 'utf8').catch(() => null);
  const pid = Number(text?.trim());
  return text && Number.isInteger(pid) && pid > 0 ? pid : null;
}

/** Whether the process still runs; EPERM means it does, under another user (Elasticsearch runs as one). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
