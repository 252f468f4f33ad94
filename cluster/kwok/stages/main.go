// Command stages prints the Stage objects kwokctl gives a cluster by default (kwokctl's
// getDefaultNodeStages with a node lease, and getDefaultPodStages), taken from the kwok module pinned in
// ../go.mod, as one multi-document YAML. The kwok binary has no stages of its own: started with
// `--config <this file>` it makes its nodes Ready, renews their leases, runs pods (Ready) and completes
// the pods of Jobs (Succeeded).
package main

import (
	"fmt"
	"strings"

	nodefast "sigs.k8s.io/kwok/kustomize/stage/node/fast"
	nodeheartbeat "sigs.k8s.io/kwok/kustomize/stage/node/heartbeat-with-lease"
	podfast "sigs.k8s.io/kwok/kustomize/stage/pod/fast"
)

func main() {
	docs := []string{
		nodefast.DefaultNodeInit,
		nodeheartbeat.DefaultNodeHeartbeatWithLease,
		podfast.DefaultPodReady,
		podfast.DefaultPodComplete,
		podfast.DefaultPodDelete,
	}
	for i, doc := range docs {
		docs[i] = strings.TrimSpace(doc)
	}
	fmt.Println(strings.Join(docs, "\n---\n"))
}
