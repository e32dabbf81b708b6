import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import{a}from"./chunks/chunk-USLY23YD.js";import"./chunks/chunk-KTMD4UHW.js";import"./chunks/chunk-I3GPN2KU.js";export{a as run};
