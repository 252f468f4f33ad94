/** What went wrong with a local cluster; the code is what a script (or the one-line CLI error) keys on. */
export type ClusterErrorCode =
  | "CLUSTER_CONFIG" // options or the state file are invalid
  | "CLUSTER_BUILD" // cluster/build.sh failed or left a binary out
  | "CLUSTER_PKI" // openssl could not make a key, certificate or kubeconfig
  | "CLUSTER_START" // a component exited or never became ready
  | "CLUSTER_NOT_UP" // a command needs a running cluster and there is none
  | "CLUSTER_HOST" // the host's network, Docker engine or mounts refused a docker-runtime node's change
  | "CLUSTER_BUSY" // another cluster already runs this host's one docker-runtime node
  | "CLUSTER_LEFTOVERS"; // `down` could not remove everything a docker-runtime node left on the host

/** One line: what, where, how to fix. The CLI prints it as `error [CODE]: message`. */
export class ClusterError extends Error {
  constructor(
    readonly code: ClusterErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "ClusterError";
  }
}

/** The cluster of stateDir is not running: `env` and `status` say so the same way. */
export const notUp = (stateDir: string): ClusterError =>
  new ClusterError(
    "CLUSTER_NOT_UP",
    `no running cluster in ${stateDir}; start it with \`npm run cluster -- up\` (same --name/--state-dir)`,
  );
