import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import{a}from"./chunks/chunk-CKJTZRKK.js";import"./chunks/chunk-XZIHXP2L.js";import"./chunks/chunk-I3GPN2KU.js";export{a as run};
