/**
 * How the gateway's process is started: the node flags and environment that bound its memory
 * (docs/operations.md, "Gateway memory"; measured with `pnpm bench:memory`). Every launcher of
 * gateway/src/main.ts in this repository uses them (scripts/start.ts, `pnpm bench:load`,
 * `pnpm bench:memory`); a deployment that starts node itself passes the same.
 *
 * - `--max-semi-space-size=4`: V8's young generation in 4 MB halves rather than 16, so the
 *   process reserves 8 MB for it instead of 32, and under load V8 collects short-lived request
 *   objects sooner instead of letting 32 MB of garbage accumulate between scavenges.
 * - `MALLOC_ARENA_MAX=2`: glibc gives each thread that allocates (libuv's pool, V8's compiler and
 *   collector threads) an arena of its own and keeps freed memory in it; two arenas shared by all
 *   of them hold less. Read once when the process starts, so only the launcher can set it.
 */
export const gatewayNodeFlags: readonly string[] = ['--max-semi-space-size=4'];

/** The environment the gateway's process starts with; a value the caller sets wins. */
export function gatewayProcessEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { MALLOC_ARENA_MAX: '2', ...env };
}
