import { main } from './main';

let settled = false;
main(process.argv).then((code) => {
  settled = true;
  process.exitCode = code;
});

// Node exits with 0 when nothing is left to wait on, even if `main` never finished (a stream that
// neither ended nor failed). A command that did not finish must never look like a success.
process.on('beforeExit', () => {
  if (settled) return;
  settled = true;
  process.stderr.write('cairn: the command stopped before it finished (an internal wait never ended)\n');
  process.exitCode = 1;
});
