// Runs before the tests: DynamoDB Local (AWS's own, in Java) backs every integration test, so a
// missing Java runtime must stop `npm test` with a message that says what to do.
import { spawnSync } from 'node:child_process';

const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
if (result.error || result.status !== 0) {
  console.error(
    '\nnpm test needs a Java runtime (17 or newer) for DynamoDB Local, AWS\'s local DynamoDB.\n' +
      'Install it with:  sudo scripts/install-system-packages.sh   (or: sudo apt-get install -y openjdk-17-jre-headless)\n',
  );
  process.exit(1);
}
