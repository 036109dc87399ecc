import { parseSimulatorCli } from '../../src/simulator/simulator-cli';

describe('npm run simulator: settings from flags and environment', () => {
  it('starts on port 4010 with the demo seed, no faults and requests logged when nothing is set', () => {
    const result = parseSimulatorCli([], {});
    expect(result).toMatchObject({
      ok: true,
      logRequests: true,
      options: { port: 4010, host: '127.0.0.1', seed: true, faults: undefined },
    });
  });

  it('reads SIM_* variables, and flags override them', () => {
    const result = parseSimulatorCli(['--port=0', '--faults', '{"rate429":0.2}'], {
      SIM_PORT: '5000',
      SIM_SEED: 'empty',
      SIM_FAULTS: '{"error5xxRate":0.3}',
      SIM_SESSION_TTL_SECONDS: '90',
      SIM_UNKNOWN_FIELDS: 'tolerate',
    });
    expect(result).toMatchObject({
      ok: true,
      options: {
        port: 0,
        seed: false,
        faults: { rate429: 0.2 },
        sessionTtlSeconds: 90,
        behaviour: { unknownFields: 'tolerate' },
      },
    });
  });

  it('runs the Metrc NY simulator with --system metrc-ny, its faults checked against the shared fault kit', () => {
    const metrc = parseSimulatorCli(
      ['--system', 'metrc-ny', '--faults', '{"timeoutAfterApplyRate":0.2,"maintenance":false}', '--seed', 'empty'],
      {},
    );
    expect(metrc).toMatchObject({
      ok: true,
      system: 'metrc-ny',
      options: { port: 4010, demo: false, faults: { timeoutAfterApplyRate: 0.2, maintenance: false } },
    });
    expect(parseSimulatorCli(['--faults', '{"timeoutAfterApplyRate":0.2}'], {})).toMatchObject({
      ok: false,
      message: expect.stringContaining('bad SIM_FAULTS (--faults)'),
    });
    expect(parseSimulatorCli(['--system', 'metrc'], {})).toEqual({
      ok: false,
      message: 'bad SIM_SYSTEM (--system): expected biotrack-ny or metrc-ny',
    });
  });

  it('makes fault draws reproducible with --random-seed', () => {
    const draw = (argv: string[]) => {
      const result = parseSimulatorCli(argv, {});
      return result.ok ? result.options.random?.() : undefined;
    };
    expect(draw(['--random-seed', '7'])).toBe(draw(['--random-seed', '7']));
    expect(draw(['--random-seed', '7'])).not.toBe(draw(['--random-seed', '8']));
  });

  it.each([
    [['--port', '70000'], {}, 'bad SIM_PORT (--port): expected a port number from 0 to 65535'],
    [[], { SIM_PORT: 'eighty' }, 'bad SIM_PORT (--port): expected a port number'],
    [[], { SIM_FAULTS: '{"error5xxRate":3}' }, 'bad SIM_FAULTS (--faults) at error5xxRate: expected a rate from 0 to 1'],
    [[], { SIM_FAULTS: 'error5xxRate=0.3' }, 'bad SIM_FAULTS (--faults): expected JSON such as'],
    [['--seed', 'lots'], {}, 'bad SIM_SEED (--seed): expected demo or empty'],
    [['--verbose'], {}, 'unknown argument --verbose'],
    [['--port'], {}, '--port needs a value'],
  ])('gives one line naming the setting for %j %j', (argv, env, message) => {
    const result = parseSimulatorCli(argv, env);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.message).toContain(message);
      expect(result.message).not.toContain('\n');
    }
  });
});
