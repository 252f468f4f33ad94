// Command pulumi-resource-command is our own build of the Pulumi "command"
// resource provider plugin. It serves command:local:Command the way the npm
// SDK @pulumi/command v1.2.1 drives it. We write it ourselves because the
// upstream provider module is not available from the Go module proxy here.
package main

import (
	"fmt"
	"os"

	"github.com/pulumi/pulumi/pkg/v3/resource/provider"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"

	cmdprovider "verifier.local/engine/command/provider"
)

func main() {
	// provider.Main does the plugin handshake: it connects to the engine at
	// the address in argv, serves gRPC on a free port and prints that port.
	err := provider.Main(cmdprovider.Name, func(host *provider.HostClient) (pulumirpc.ResourceProviderServer, error) {
		var logger cmdprovider.Logger
		if host != nil { // nil in attach mode (no engine address given)
			logger = host
		}
		return cmdprovider.New(logger), nil
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-resource-command: %v\n", err)
		os.Exit(1)
	}
}
