/**
 * How the gateway's process is started: the node flags and environment that bound its memory
 * (docs/operations.md, "Gateway memory"; measured with `pnpm bench:memory`). Every launcher of
 * gateway/src/main.ts in this repository uses them (scripts/start.ts, `pnpm bench:load`,
 * `pnpm bench:memory`); a deployment that starts node itself passes the same.
 *
 * - `--max-semi-space-size=4`: V8's young generation in 4 MB halves rather than 16, so the
 *   process reserves 8 MB for it instead of 32, and under load V8 collects short-lived request
 *   objects sooner instead of letting 32 MB of garbage accumulate between scavenges.
 * - `--heap-growing-percent=50`: after each full collection, V8 lets the old generation grow to
 *   1.5 times what survived before the next one, instead of its own factor (up to 4 times when
 *   it judges the process busy). Under Q3 at concurrency 50 (3,321 communes per answer), the
 *   answers in flight outlive the small young generation and are promoted; with V8's factor the
 *   old generation grew from about 76 MB live to 280–400 MB of mostly garbage before it was
 *   collected (`--trace-gc`), and the process to 430 MB; with 1.5 it peaks at about 245 MB, for
 *   about 10% more CPU per answer (docs/operations.md, "Gateway memory").
 * - `MALLOC_ARENA_MAX=2`: glibc gives each thread that allocates (libuv's pool, V8's compiler and
 *   collector threads) an arena of its own and keeps freed memory in it; two arenas shared by all
 *   of them hold less. Read once when the process starts, so only the launcher can set it.
 */
export const gatewayNodeFlags: readonly string[] = [
  '--max-semi-space-size=4',
  '--heap-growing-percent=50',
];

/** The environment the gateway's process starts with; a value the caller sets wins. */
export function gatewayProcessEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { MALLOC_ARENA_MAX: '2', ...env };
}
