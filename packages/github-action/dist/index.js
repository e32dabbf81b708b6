import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import{a as r}from"./chunks/chunk-DGQVAJXJ.js";import"./chunks/chunk-UDE2J7FP.js";import"./chunks/chunk-I3GPN2KU.js";await r();
