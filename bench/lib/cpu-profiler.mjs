// Profile mode: CPU profiles of running services, taken over the inspector protocol only
// around a measured phase, so start-up, seeding and warm-up stay out of the picture.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { WebSocket } from 'undici';

/** One inspector session on a service started with `--inspect=127.0.0.1:<port>`. */
async function connect(inspectPort) {
  const [target] = await (await fetch(`http://127.0.0.1:${inspectPort}/json/list`)).json();
  const socket = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => {
    socket.onopen = resolve;
    socket.onerror = reject;
  });
  let nextId = 0;
  const pending = new Map();
  socket.onmessage = (event) => {
    const message = JSON.parse(event.data);
    const waiting = pending.get(message.id);
    if (!waiting) return;
    pending.delete(message.id);
    if (message.error) waiting.reject(new Error(message.error.message));
    else waiting.resolve(message.result);
  };
  const send = (method, params = {}) =>
    new Promise((resolve, reject) => {
      const id = ++nextId;
      pending.set(id, { resolve, reject });
      socket.send(JSON.stringify({ id, method, params }));
    });
  return { send, close: () => socket.close() };
}

/**
 * Profiles the given services (name → inspector port) while `measure` runs, and writes
 * `<dir>/<phase>-<service>.cpuprofile` for each (open them in Chrome DevTools' Performance
 * panel or speedscope).
 */
export async function profiled(dir, phase, services, measure) {
  const sessions = await Promise.all(
    Object.entries(services).map(async ([name, port]) => ({ name, session: await connect(port) })),
  );
  for (const { session } of sessions) {
    await session.send('Profiler.enable');
    await session.send('Profiler.start');
  }
  try {
    return await measure();
  } finally {
    for (const { name, session } of sessions) {
      const { profile } = await session.send('Profiler.stop');
      writeFileSync(path.join(dir, `${phase}-${name}.cpuprofile`), JSON.stringify(profile));
      session.close();
    }
  }
}
