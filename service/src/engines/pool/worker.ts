import { workerData } from "piscina";
import { POOLED_ENGINES, runEngineTask, warmUp, type PooledEngine } from "./task.js";

/**
 * A pool worker thread (engine-pool.ts). Piscina loads this module before the worker takes its first
 * task, so the warm-up below (Z3 started, the engines compiled) is done before any request waits on it.
 * It warms only the engines its pool serves (workerData.engines): a math worker never starts Z3.
 */
const engines = (workerData as { engines?: PooledEngine[] } | undefined)?.engines ?? [...POOLED_ENGINES];
await warmUp(engines);

export default runEngineTask;
