import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import{a}from"./chunks/chunk-K2R3U2JP.js";import"./chunks/chunk-3BB6J5E6.js";import"./chunks/chunk-I3GPN2KU.js";export{a as run};
