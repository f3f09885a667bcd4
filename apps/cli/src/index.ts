export { EXIT, exitCodeFor } from './exit-codes';
export { buildProgram, main } from './main';
