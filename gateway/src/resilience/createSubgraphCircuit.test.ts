import { createLogger } from '@home-affairs/service';
import { describe, expect, it } from 'vitest';
import { CircuitOpenError, createSubgraphCircuit } from './createSubgraphCircuit.ts';

class Failure extends Error {}
class Refusal extends Error {}

const logger = createLogger('circuit-test', 'silent');
const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/** Polls `condition` (timers on a busy machine run late, so no fixed sleep decides). */
async function eventually(condition: () => boolean | Promise<boolean>, timeout = 5_000) {
  const deadline = performance.now() + timeout;
  while (!(await condition())) {
    if (performance.now() > deadline) throw new Error('condition not met in time');
    await sleep(20);
  }
}

/** A circuit over a fake subgraph whose readiness the test switches. */
function circuitFor(
  options: { failures?: number; openMilliseconds?: number; timeoutMilliseconds?: number } = {},
) {
  const subgraph = { ready: true, hung: false, probes: 0 };
  const circuit = createSubgraphCircuit({
    name: 'fake',
    policy: {
      timeoutMilliseconds: options.timeoutMilliseconds ?? 200,
      breakerFailures: options.failures ?? 3,
      breakerOpenMilliseconds: options.openMilliseconds ?? 100,
    },
    isFailure: (error) => error instanceof Failure,
    probe: async (signal) => {
      subgraph.probes += 1;
      if (subgraph.hung) {
        await new Promise((_, reject) => {
          signal.addEventListener('abort', () => reject(new Failure('no answer')));
        });
      }
      if (!subgraph.ready) throw new Failure('not ready');
    },
    logger,
  });
  const fail = () => circuit.run(() => Promise.reject(new Failure('down')));
  return { circuit, subgraph, fail };
}

describe('createSubgraphCircuit', () => {
  it('opens after the configured failures in a row, then fails at once without asking', async () => {
    const { circuit, fail } = circuitFor({ failures: 3, openMilliseconds: 60_000 });
    try {
      for (let attempt = 0; attempt < 3; attempt += 1)
        await expect(fail()).rejects.toThrow(Failure);
      let asked = false;
      await expect(
        circuit.run(async () => {
          asked = true;
        }),
      ).rejects.toThrow(CircuitOpenError);
      expect(asked).toBe(false);
      expect(await circuit.readiness()).toMatchObject({
        state: 'open',
        reason: '3 failed requests in a row; its readiness is probed every 60000 ms',
        openSince: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      });
    } finally {
      circuit.dispose();
    }
  });

  it('does not count a refusal, and a success resets the count', async () => {
    const { circuit, fail } = circuitFor({ failures: 2 });
    try {
      await expect(fail()).rejects.toThrow(Failure);
      for (let attempt = 0; attempt < 5; attempt += 1) {
        await expect(circuit.run(() => Promise.reject(new Refusal('bad input')))).rejects.toThrow(
          Refusal,
        );
      }
      expect(await circuit.readiness()).toEqual({
        state: 'degraded',
        reason: '1 failed request(s) in a row',
      });
      await expect(circuit.run(async () => 'answer')).resolves.toBe('answer');
      await expect(fail()).rejects.toThrow(Failure);
      // Two failures, but not in a row: still closed.
      await expect(circuit.run(async () => 'answer')).resolves.toBe('answer');
      expect(await circuit.readiness()).toEqual({ state: 'up' });
    } finally {
      circuit.dispose();
    }
  });

  it('probes while open, stays open while probes fail and closes by itself once one passes', async () => {
    const { circuit, subgraph, fail } = circuitFor({ failures: 1, openMilliseconds: 100 });
    try {
      subgraph.ready = false;
      await expect(fail()).rejects.toThrow(Failure);
      await eventually(() => subgraph.probes >= 2);
      expect((await circuit.readiness()).state).toBe('open');
      await expect(circuit.run(async () => 'answer')).rejects.toThrow(CircuitOpenError);

      subgraph.ready = true;
      await eventually(async () => (await circuit.readiness()).state === 'up');
      await expect(circuit.run(async () => 'answer')).resolves.toBe('answer');
    } finally {
      circuit.dispose();
    }
  });

  it('reports a closed circuit whose subgraph fails its readiness probe as degraded', async () => {
    const { circuit, subgraph } = circuitFor();
    try {
      subgraph.ready = false;
      expect(await circuit.readiness()).toEqual({
        state: 'degraded',
        reason: 'its readiness probe failed',
      });
      // The answer is reused for a second, so /ready cannot be used to flood a subgraph.
      const probes = subgraph.probes;
      await circuit.readiness();
      await circuit.readiness();
      expect(subgraph.probes).toBe(probes);
    } finally {
      circuit.dispose();
    }
  });

  it('answers for a hung subgraph within half a second, as a load balancer expects', async () => {
    const { circuit, subgraph } = circuitFor({ timeoutMilliseconds: 1_500 });
    try {
      subgraph.hung = true;
      const started = performance.now();
      expect(await circuit.readiness()).toEqual({
        state: 'degraded',
        reason: 'its readiness probe has not answered within 500 ms',
      });
      expect(performance.now() - started).toBeLessThan(1_000);
      // The probe runs on to its own timeout (1.5 s here) and its failure is kept.
      await eventually(
        async () => (await circuit.readiness()).reason === 'its readiness probe failed',
      );
    } finally {
      circuit.dispose();
    }
  });
});
