/**
 * A warm launch without a Deno process: the part of a `/bin/sh` launcher
 * that hands a launch to a warm daemon before `deno` would start.
 *
 * A Deno launch entry needs ~18 ms of the runtime's own start before its
 * first line of JavaScript, three quarters of what a Go provider needs up to
 * its handshake line. A launcher that is already a shell script (the bundle
 * launcher of the test kit and `foundry dev`) can hand the launch over with
 * the shell's built-ins alone, through named pipes a daemon publishes beside
 * the launch bundle (`DIR/warm/`, mode 0700, see `warm_fifo.ts`):
 *
 * - `KEY.live`: the daemon's pid and start time, the `PWD` its launches see
 *   and the command line it was started with ({@link keyedCommandLine}'s
 *   JSON). The shell picks a daemon whose `PWD` and command line are its own
 *   and whose process still runs (pid and start time, from `/proc`).
 * - `KEY.N.claim`: the shell claims answer pipe `N` (0-7) by creating this
 *   file exclusively (`set -C`); the daemon removes it when the launch ended.
 * - `KEY.in`: the shell writes `PID N` (one line, shorter than the kernel's
 *   atomic pipe write) and later `PID term` when it receives SIGTERM.
 * - `KEY.N`: the daemon answers `served` once the handshake line is written,
 *   then `exit CODE`; or `refused REASON`, after which the shell tries the
 *   next daemon and finally runs `deno` as it would have (a cold launch, or
 *   a warm one through the daemon's unix socket). End of file before
 *   `served` is a daemon that went away: the same fallback; after it, the
 *   launch exits 1.
 *
 * The daemon reads the launch's environment, working directory and parent
 * from `/proc/PID` and serves it only when they are exactly what the Deno
 * launch it replaces would have seen (the shell adds `PWD`, as `dash` does);
 * it writes the instance's handshake line and output straight into the
 * launch's own stdout and stderr (through copies the shell keeps as fds 5
 * and 6, `/proc/PID/fd/5` and `6`), so Terraform
 * reads the same pipes as from any plugin process. Linux only, and only for
 * daemons run with every permission (`/proc` of another process needs
 * `--allow-all` in Deno); any other case takes the Deno route.
 *
 * A deadline bounds the wait for the handshake (`FOUNDRY_WARM_TIMEOUT_MS`,
 * default 10 s, as for a Deno launch entry): a `sleep` child started beside
 * the wait, whose SIGCHLD cuts short the open or the read it is in, after
 * which the launch falls back to `deno`. That child is the one process a warm
 * shell launch starts; it is ended as soon as the daemon answers. A daemon
 * that exits or is killed closes its pipes, which the shell sees at once; one
 * that reaches the deadline (hung, or stopped) has its `.live` file and its
 * socket (the `.live` file's fourth line) removed, so only that launch waits
 * on it: the launch entry it falls back to starts cold and leaves a new
 * daemon.
 *
 * @module
 */

import { keyedCommandLine } from "./warm_key.ts";

/** How many launches a daemon serves at once through its pipes. */
export const WARM_PIPE_SLOTS = 8;

/** The name of the shell function {@link warmShellFunction} defines. */
export const WARM_SHELL_FUNCTION = "foundry_warm";

/**
 * `s` as one word of a POSIX shell, single-quoted.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { shellQuote } from "./warm_shell.ts";
 * assert.equal(shellQuote("it's"), `'it'"'"'s'`);
 * ```
 */
export function shellQuote(s: string): string {
  return `'${s.replaceAll("'", `'"'"'`)}'`;
}

/** The `sleep` program the launcher's deadline runs, if this system has one. */
function sleepProgram(): string | undefined {
  for (const p of ["/bin/sleep", "/usr/bin/sleep"]) {
    try {
      if (Deno.statSync(p).isFile) return p;
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * The JSON line a daemon publishes for the command line `argv` of a launch
 * whose main module is `main`: the launcher compares it with its own.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { warmPipeLine } from "./warm_shell.ts";
 * assert.equal(warmPipeLine(["deno", "run", "/c/main.js"], "/c/main.js"), '["deno","run","<main module>"]');
 * ```
 */
export function warmPipeLine(argv: readonly string[], main: string): string {
  return JSON.stringify(keyedCommandLine(argv, main));
}

/**
 * A `/bin/sh` function (POSIX built-ins only: no process is started) that
 * hands this launch to a warm daemon publishing under `$DIR/warm` with
 * command line `line` ({@link warmPipeLine}). It exits the script with the
 * instance's exit code when the daemon served the launch and returns 1
 * otherwise; call it only when Terraform started the launch with no
 * arguments. `DIR` is the launch bundle directory, held in the shell
 * variable `bundleDirVariable`. Its own variables are
 * named `_fw*`: an assignment to a name the environment exports would change
 * what the `deno` run after it sees.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { warmShellFunction } from "./warm_shell.ts";
 * const sh = warmShellFunction('["deno","run","<main module>"]');
 * assert.match(sh, /^foundry_warm\(\) \{\n/);
 * assert.ok(sh.includes(`'["deno","run","<main module>"]'`));
 * ```
 */
export function warmShellFunction(
  line: string,
  bundleDirVariable = "d",
  sleep: string | undefined = sleepProgram(),
): string {
  const d = `$${bundleDirVariable}`;
  const slots = Array.from({ length: WARM_PIPE_SLOTS }, (_, i) => i).join(" ");
  // Ends the deadline's child and reaps it (no zombie left for init).
  // SIGKILL: a child between fork and exec still runs the shell's own
  // SIGTERM trap, and a `wait` for it would then wait out the deadline.
  const stop = `[ -z "$_fww" ] || { kill -9 "$_fww"; wait "$_fww"; } 2>/dev/null; _fww=`;
  return [
    `${WARM_SHELL_FUNCTION}() {`,
    `  case $FOUNDRY_WARM in 0|[Oo][Ff][Ff]|[Ff][Aa][Ll][Ss][Ee]|[Nn][Oo]) return 1;; esac`,
    `  [ -d "${d}/warm" ] && [ -O "${d}/warm" ] || return 1`,
    `  _fww= _fwx=`,
    `  for _fwl in "${d}"/warm/*.live; do`,
    `    { { read -r _fwp _fws && IFS= read -r _fwc && IFS= read -r _fwk && { IFS= read -r _fwo || _fwo=; }; } < "$_fwl"; } 2>/dev/null || continue`,
    // The daemon's socket or TCP rendezvous (the fourth line), removed with
    // its names should it miss the deadline: only one in a warm directory.
    `    case $_fwo in */foundry-warm-*/*.sock|*/foundry-warm-*/*.tcp) ;; *) _fwo= ;; esac`,
    `    [ "$_fwc" = "$PWD" ] && [ "$_fwk" = ${shellQuote(line)} ] || continue`,
    // Alive, and the same process: field 3 of its stat is its state, field
    // 22 its start time.
    `    { IFS= read -r _fwt < "/proc/$_fwp/stat"; } 2>/dev/null || continue`,
    `    set -- \${_fwt##*") "}`,
    // A zombie (a daemon killed, where no init reaps it) is gone too.
    `    case $1 in Z|X) continue ;; esac`,
    `    [ "\${20}" = "$_fws" ] || continue`,
    `    _fwn=\${_fwl%.live}`,
    `    for _fwi in ${slots}; do`,
    `      set -C`,
    `      { printf '' > "$_fwn.$_fwi.claim"; } 2>/dev/null || { set +C; continue; }`,
    `      set +C`,
    // Terraform sends Ctrl-C to the whole group, then asks the provider to
    // stop: ignored, as a cold provider does. SIGTERM goes to the instance.
    `      trap '' INT`,
    `      trap '_fwg=1; printf "%s term\\n" "$$" >&4' TERM`,
    `      _fwv= _fwg=`,
    ...(sleep === undefined ? [] : [
      // One deadline for the whole hand-over, whichever daemons it tries: a
      // child that ends after it, whose SIGCHLD cuts short the wait under
      // way (opening an answer pipe, or reading it).
      `      if [ -z "$_fww" ]; then`,
      `        _fwms=\${FOUNDRY_WARM_TIMEOUT_MS:-10000}`,
      `        case $_fwms in ''|*[!0-9]*) _fwms=10000 ;; esac`,
      `        _fwfr=$((_fwms % 1000 + 1000))`,
      `        trap '_fwx=1' CHLD`,
      `        ${
        shellQuote(sleep)
      } "$((_fwms / 1000)).\${_fwfr#1}" </dev/null >/dev/null 2>&1 & _fww=$!`,
      `      fi`,
    ]),
    // The daemon writes to fds 5 and 6, copies of stdout and stderr made
    // before any request: the shell's redirections for a single command
    // (of fd 1 for a printf, fd 2 for a 2>/dev/null) swap fds 1 and 2 while
    // that command runs, which is when the daemon may read the request.
    `      if [ -z "$_fwx" ] && { command exec 3< "$_fwn.$_fwi" 4<> "$_fwn.in"; } 2>/dev/null &&`,
    `        command exec 5>&1 6>&2; then`,
    `        printf '%s %s\\n' "$$" "$_fwi" >&4`,
    `        while :; do`,
    `          if IFS= read -r _fwm <&3; then`,
    `            case $_fwm in`,
    `              served) _fwv=1; trap - CHLD; ${stop} ;;`,
    `              "exit "*) ${stop}; exit "\${_fwm#exit }" ;;`,
    `              *) break ;;`,
    `            esac`,
    // A read cut short by a signal fails like the end of the pipe: read on
    // after SIGTERM; after the deadline, give up.
    `          elif [ -n "$_fwx" ] && [ -z "$_fwv" ]; then break`,
    `          elif [ -n "$_fwg" ]; then _fwg=`,
    `          else break`,
    `          fi`,
    `        done`,
    `      fi`,
    `      trap - INT TERM`,
    `      exec 3<&- 4>&- 5>&- 6>&-`,
    `      [ -z "$_fwv" ] || exit 1`,
    // Refused, or the daemon went away: the next daemon, unless time is up.
    `      [ -z "$_fwx" ] && continue 2`,
    // Time is up with this daemon (hung, stopped, or its pipes unheld): its
    // names go, so later launches do not wait on it too (should it wake, it
    // finds them gone and retires).
    `      rm -f "$_fwl" \${_fwo:+"$_fwo"} 2>/dev/null`,
    `      break 2`,
    `    done`,
    `  done`,
    `  trap - CHLD`,
    `  ${stop}`,
    `  return 1`,
    `}`,
    "",
  ].join("\n");
}
