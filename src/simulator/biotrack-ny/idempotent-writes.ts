import { Injectable } from '@nestjs/common';
import type { ReceiveAnswer, ResultWriteAnswer } from './biotrack.types';
import { Conflict } from './simulator-error';
import { SimulatorSettings } from './simulator-settings';
import { SimulatorStore, type StoredAnswer } from './simulator.store';

/**
 * ExternalID idempotency [assumed]: per account license, the first successful answer to a write carrying an
 * ExternalID is kept; a repeat for the same method and target returns it without a second effect, a repeat for
 * another target is a 409. Refused writes (4xx) do not use up the key.
 */
@Injectable()
export class IdempotentWrites {
  constructor(
    private readonly store: SimulatorStore,
    private readonly settings: SimulatorSettings,
  ) {}

  resultWrite(
    license: string,
    externalId: string | undefined,
    method: string,
    target: string,
    apply: () => ResultWriteAnswer,
  ): ResultWriteAnswer {
    if (externalId === undefined || !this.settings.behaviour.replayExternalId) return apply();
    const previous = this.previous(license, externalId, method, target);
    if (previous?.kind === 'result-write') return previous.body;
    const body = apply();
    this.store.storeAnswer(license, externalId, { method, target, answer: { kind: 'result-write', body } });
    return body;
  }

  receive(license: string, externalId: string | undefined, target: string, apply: () => ReceiveAnswer): ReceiveAnswer {
    if (externalId === undefined) return apply();
    const previous = this.previous(license, externalId, 'PUT', target);
    if (previous?.kind === 'receive') return previous.body;
    const body = apply();
    this.store.storeAnswer(license, externalId, { method: 'PUT', target, answer: { kind: 'receive', body } });
    return body;
  }

  private previous(license: string, externalId: string, method: string, target: string): StoredAnswer['answer'] | undefined {
    const stored = this.store.storedAnswer(license, externalId);
    if (!stored) return undefined;
    if (stored.method !== method || stored.target !== target) {
      throw new Conflict(`ExternalID "${externalId}" was already used for ${stored.method} ${stored.target}`);
    }
    return stored.answer;
  }
}
