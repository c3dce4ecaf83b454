/**
 * For full-rotation-crash.test.ts: unlocks the vault in argv[2] and runs a
 * full rotation that kills its own process (SIGKILL: no finally blocks, no
 * close, no checkpoint) right after the step named in argv[3].
 */
import { openVault } from '../open-vault.js';
import { TEST_PASSPHRASE } from '../test-support.js';

const [dir, killAfter] = process.argv.slice(2);
const vault = await openVault(dir!, { passphrase: TEST_PASSPHRASE });
await vault.rotateAllKeys(TEST_PASSPHRASE, {
  afterStep: (step) => {
    if (step === killAfter) process.kill(process.pid, 'SIGKILL');
  },
});
process.stdout.write('finished\n');
await vault.close();
