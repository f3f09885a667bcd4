// CPU time of processes, read from /proc: what each service spends per request, apart from
// what the load generator or the rest of the machine spends.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

/** Fields of /proc/<pid>/stat after the command name, which may itself hold spaces. */
function statFields(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined; // the process is gone
  }
}

/** User + system time in microseconds; with `reaped`, also that of children it has waited for. */
function cpuMicros(pid, reaped) {
  const fields = statFields(pid);
  if (!fields) return 0;
  // After the name: state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14)
  const ticks =
    Number(fields[11]) + Number(fields[12]) + (reaped ? Number(fields[13]) + Number(fields[14]) : 0);
  return (ticks * 1e6) / TICKS_PER_SECOND;
}

/** Every live child of `pid` (PostgreSQL's backends and workers are children of the postmaster). */
function childrenOf(pid) {
  const children = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = statFields(entry);
    if (fields && Number(fields[1]) === pid) children.push(Number(entry));
  }
  return children;
}

/**
 * CPU time so far of a process, or of a process tree when `tree` is set: the root, the children
 * it has reaped (backends that ended) and the ones still running.
 */
export function cpuTime(pid, { tree = false } = {}) {
  if (!tree) return cpuMicros(pid, false);
  return cpuMicros(pid, true) + childrenOf(pid).reduce((sum, child) => sum + cpuMicros(child, false), 0);
}

/** Takes a reading of every named process; the returned function gives µs per request since. */
export function cpuMeter(processes) {
  const start = Object.fromEntries(processes.map(({ name, pid, tree }) => [name, cpuTime(pid, { tree })]));
  return (requests) =>
    Object.fromEntries(
      processes.map(({ name, pid, tree }) => [
        name,
        Math.round((cpuTime(pid, { tree }) - start[name]) / Math.max(1, requests)),
      ]),
    );
}

/** Busy and total jiffies of the whole machine, from the first line of /proc/stat. */
function machineTicks() {
  const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  const [user, nice, system, idle, iowait, irq, softirq, steal] = fields.map(Number);
  return {
    busy: user + nice + system + irq + softirq,
    total: user + nice + system + idle + iowait + irq + softirq + steal,
    steal,
  };
}

/** Share of the machine's CPU time that was busy (and stolen by the hypervisor) since the call. */
export function machineMeter() {
  const start = machineTicks();
  return () => {
    const end = machineTicks();
    const total = Math.max(1, end.total - start.total);
    return {
      busyPercent: Math.round(((end.busy - start.busy) / total) * 100),
      stealPercent: Math.round(((end.steal - start.steal) / total) * 100),
    };
  };
}
