// CPU time of the calling thread, for tests that compare the cost of two inputs. `deno test
// --parallel` runs test files on other threads of the same process, so the process's CPU time
// (`process.cpuUsage`) counts their work too; the thread's does not. Linux counts it in scheduler
// ticks (10 ms here), so a measurement must run for a few hundred milliseconds.
import process from "node:process";

interface ThreadCpu {
  threadCpuUsage?: () => { user: number; system: number };
}

/** Milliseconds of CPU this thread has used (the process's, where the runtime lacks it). */
export function threadCpuMs(): number {
  const p = process as unknown as ThreadCpu;
  const u = typeof p.threadCpuUsage === "function" ? p.threadCpuUsage() : process.cpuUsage();
  return (u.user + u.system) / 1000;
}
