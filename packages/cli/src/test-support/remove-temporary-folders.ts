import { afterAll } from 'vitest';
import { removeTemporaryFolders } from './temporary-folders.js';

// Runs before each test file (vitest `setupFiles`): whatever the file created goes when it ends.
afterAll(removeTemporaryFolders);
