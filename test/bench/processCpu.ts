/**
 * Node-only (Linux), for the load benchmark: CPU time (user + system, from /proc/<pid>/stat) of the
 * processes named `name` below a process, e.g. the workerd that `wrangler dev` starts. Unlike a
 * sampling profile's wall-clock samples, this does not grow when a loaded machine deschedules the process.
 */
import { readdirSync, readFileSync } from 'node:fs'

const TICKS_PER_SECOND = 100

type Stat = { pid: number; comm: string; ppid: number; ticks: number }

function readStat(pid: number): Stat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // comm may hold spaces: it is the text between the first '(' and the last ')'.
    const comm = text.slice(text.indexOf('(') + 1, text.lastIndexOf(')'))
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ')
    // After comm: state(0) ppid(1) … utime(11) stime(12).
    return { pid, comm, ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) }
  } catch {
    return undefined
  }
}

/** Process ids named `name` descending from `root`. */
export function findDescendants(root: number, name: string): number[] {
  const stats = readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((entry) => readStat(Number(entry)) ?? [])
  const children = new Map<number, Stat[]>()
  for (const stat of stats) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), stat])
  const found: number[] = []
  const walk = (pid: number) => {
    for (const child of children.get(pid) ?? []) {
      if (child.comm === name) found.push(child.pid)
      walk(child.pid)
    }
  }
  walk(root)
  return found
}

/** Total CPU time of `pids` so far, ms (10 ms resolution). */
export function cpuMs(pids: readonly number[]): number {
  return pids.reduce((sum, pid) => sum + ((readStat(pid)?.ticks ?? 0) * 1000) / TICKS_PER_SECOND, 0)
}
