import type { SimulatorBehaviour } from './simulator-options.schemas';

/** Per-run settings every part of the simulator reads: behaviour switches, session lifetime, clock, randomness. */
export class SimulatorSettings {
  constructor(
    readonly behaviour: SimulatorBehaviour,
    readonly sessionTtlSeconds: number,
    private readonly clock: () => number,
    readonly random: () => number,
  ) {}

  nowMs(): number {
    return this.clock();
  }

  /** Unix seconds, as the contract's `SessionTime`. */
  sessionTime(): number {
    return Math.floor(this.clock() / 1000);
  }

  isoNow(): string {
    return new Date(this.clock()).toISOString();
  }
}
