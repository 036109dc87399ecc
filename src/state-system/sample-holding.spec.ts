import { askHolding } from './sample-holding';
import { StateSystemFailure, type SampleHolding } from './state-system.port';

describe('askHolding', () => {
  it("passes the adapter's answer on", async () => {
    await expect(askHolding('Metrc', async () => ({ answer: 'held' }))).resolves.toEqual({ answer: 'held' });
    const notHeld: SampleHolding = { answer: 'not_held', reason: 'no tag', fix: 'register it' };
    await expect(askHolding('Metrc', async () => notHeld)).resolves.toEqual(notHeld);
  });

  it('turns a failure into "could not check" with the reason, never a pass', async () => {
    const failing = () => Promise.reject(new StateSystemFailure('retryable', 'GET /packages/v2/X: HTTP 503'));
    await expect(askHolding('Metrc', failing)).resolves.toEqual({
      answer: 'unchecked',
      reason: 'Metrc could not be asked: GET /packages/v2/X: HTTP 503',
    });
  });

  it('gives up waiting after the timeout', async () => {
    const never = () => new Promise<SampleHolding>(() => undefined);
    await expect(askHolding('BioTrack', never, 20)).resolves.toEqual({
      answer: 'unchecked',
      reason: 'BioTrack did not answer within 20 ms',
    });
  });

  it('refuses an answer of the wrong shape as unchecked', async () => {
    const odd = async () => ({ answer: 'not_held' }) as unknown as SampleHolding;
    await expect(askHolding('BioTrack', odd)).resolves.toMatchObject({ answer: 'unchecked' });
  });
});
