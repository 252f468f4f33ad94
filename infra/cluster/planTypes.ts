import type { ClusterPaths, Component, NodeRuntime } from "./paths.js";
import type { Ports } from "./state.js";

/** What every argv is decided from: where the binaries are, where the state is, which ports were picked. */
export interface PlanInput {
  name: string;
  binDir: string;
  paths: ClusterPaths;
  ports: Ports;
  nodeRuntime: NodeRuntime;
}

export interface ProcessSpec {
  component: Component;
  argv: string[];
  /** A unix socket the component serves that the next ones dial at once: they start once it exists. */
  socket?: string;
}
