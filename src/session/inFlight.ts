// Work that must finish before a CLI run ends (the player's stop, the last timeline report), awaited with a cap.

export class InFlight {
  private readonly pending = new Set<Promise<unknown>>();

  /** Remembers `work` until it settles; returns it unchanged. */
  track<T>(work: Promise<T>): Promise<T> {
    const settled = work.then(
      () => undefined,
      () => undefined,
    );
    this.pending.add(settled);
    void settled.then(() => this.pending.delete(settled));
    return work;
  }

  /** Resolves once everything tracked (also what is tracked meanwhile) has settled, or after `capMs`. */
  async settled(capMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const cap = new Promise<void>((resolve) => (timer = setTimeout(resolve, capMs)));
    const drained = (async () => {
      while (this.pending.size > 0) await Promise.all(this.pending);
    })();
    try {
      await Promise.race([drained, cap]);
    } finally {
      clearTimeout(timer);
    }
  }
}
