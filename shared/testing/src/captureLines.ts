import { Writable } from 'node:stream';

/** A stream that keeps what is written to it, one entry per write (a logger's lines), for a test to read. */
export function captureLines(): { stream: Writable; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { stream, lines };
}
