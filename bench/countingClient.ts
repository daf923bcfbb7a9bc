import type { WireOperation } from "../src/protocol/wire";

/** The least a backend can do for a complete log: nothing is left to checkpoint, so it only counts attempts. */
export class CountingClient {
  checkpoints = 0;
  async getExecutionState(): Promise<{ Operations: WireOperation[] }> {
    return { Operations: [] };
  }
  async checkpoint(): Promise<{ CheckpointToken: string; NewExecutionState: { Operations: WireOperation[] } }> {
    this.checkpoints++;
    return { CheckpointToken: `bench-${this.checkpoints}`, NewExecutionState: { Operations: [] } };
  }
}
