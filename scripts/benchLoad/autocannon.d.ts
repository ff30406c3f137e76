// The part of autocannon's API `pnpm bench:load` uses (the package ships no types).
declare module 'autocannon' {
  interface Options {
    url: string;
    method?: 'POST' | 'GET';
    headers?: Record<string, string>;
    body?: string;
    connections?: number;
    duration?: number;
    timeout?: number;
    expectBody?: string;
    /** Stop after this many requests (instead of `duration`). */
    amount?: number;
  }
  interface Histogram {
    average: number;
    p50: number;
    p99: number;
    total: number;
  }
  interface Result {
    duration: number;
    requests: Histogram;
    latency: Histogram;
    non2xx: number;
    errors: number;
    timeouts: number;
    mismatches: number;
  }
  function autocannon(options: Options): Promise<Result>;
  export default autocannon;
}
