import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { afterPortOpens } from './afterPortOpens.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('afterPortOpens', () => {
  it('makes the work once, after the delay', async () => {
    const make = vi.fn(async () => 'page');
    const get = afterPortOpens(1000).later(make);
    await vi.advanceTimersByTimeAsync(999);
    expect(make).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(make).toHaveBeenCalledTimes(1);
    expect(await get()).toBe('page');
    expect(make).toHaveBeenCalledTimes(1);
  });

  it('makes it at once for the first request that needs it, and not again after the delay', async () => {
    const make = vi.fn(async () => 'page');
    const get = afterPortOpens(1000).later(make);
    expect(await get()).toBe('page');
    await vi.advanceTimersByTimeAsync(5000);
    expect(make).toHaveBeenCalledTimes(1);
  });

  it('makes nothing once cancelled, as when the gateway stops before the delay', async () => {
    const deferred = afterPortOpens(1000);
    const make = vi.fn(async () => 'page');
    deferred.later(make);
    deferred.cancel();
    await vi.advanceTimersByTimeAsync(5000);
    expect(make).not.toHaveBeenCalled();
  });
});
