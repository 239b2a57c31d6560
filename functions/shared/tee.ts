// Splits one async row stream into several consumers (validation and metrics read the stored data set in
// one pass). Each consumer pulls; items are kept only until every consumer has seen them.
export function tee<T>(source: AsyncIterable<T>, count: number): AsyncIterable<T>[] {
  const iterator = source[Symbol.asyncIterator]();
  const buffer: T[] = [];
  let base = 0; // absolute index of buffer[0]
  let done = false;
  let pulling: Promise<void> | undefined;
  const positions = new Array<number>(count).fill(0);

  const pull = (): Promise<void> => {
    pulling ??= iterator.next().then((r) => {
      if (r.done) done = true;
      else buffer.push(r.value);
      pulling = undefined;
    });
    return pulling;
  };
  const trim = () => {
    const min = Math.min(...positions);
    if (min > base) {
      buffer.splice(0, min - base);
      base = min;
    }
  };

  return positions.map((_, consumer) => ({
    [Symbol.asyncIterator](): AsyncIterator<T> {
      return {
        async next(): Promise<IteratorResult<T>> {
          for (;;) {
            const at = positions[consumer]! - base;
            if (at < buffer.length) {
              const value = buffer[at]!;
              positions[consumer]! += 1;
              trim();
              return { value, done: false };
            }
            if (done) return { value: undefined as never, done: true };
            await pull();
          }
        },
        async return(): Promise<IteratorResult<T>> {
          positions[consumer] = Number.POSITIVE_INFINITY;
          trim();
          return { value: undefined as never, done: true };
        },
      };
    },
  }));
}
