// Jest runs these files in one process (two cores: one worker, in band). The hostile PDF suite measures how much the
// process grows while a flate bomb inflates; memory that earlier suites left resident is reused without growing it,
// so the reader's memory guard would see less than was allocated. It runs first, in a process nothing has grown yet.
const Sequencer = require('@jest/test-sequencer').default;

const FIRST = /[\\/]test[\\/]e2e[\\/]hostile[\\/]pdfs\.e2e-spec\.ts$/;

class HostilePdfsFirst extends Sequencer {
  async sort(tests) {
    const sorted = await super.sort(tests);
    return [...sorted.filter((t) => FIRST.test(t.path)), ...sorted.filter((t) => !FIRST.test(t.path))];
  }
}

module.exports = HostilePdfsFirst;
