import { run } from './main.js';

// The runner's entry point (action.yml's runs.main): one step, run at once.
await run();
