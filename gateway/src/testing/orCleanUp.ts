/**
 * Awaits `starting`; when it fails, runs `cleanUp` (which stops what was started before it) and
 * fails with the same error, so that a test's failed start leaves no server or database behind.
 */
export async function orCleanUp<T>(starting: Promise<T>, cleanUp: () => Promise<void>): Promise<T> {
  try {
    return await starting;
  } catch (error) {
    await cleanUp();
    throw error;
  }
}
