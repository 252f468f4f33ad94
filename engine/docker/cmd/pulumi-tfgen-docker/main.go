// Command pulumi-tfgen-docker is the build-time half of the provider: it
// turns the Terraform schema plus our mapping into schema.json and
// bridge-metadata.json, which pulumi-resource-docker then embeds.
// build.sh runs it as: pulumi-tfgen-docker schema --out <dir>.
package main

import (
	"github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfgen"

	"verifier.local/engine/docker/provider"
)

func main() {
	// No prior metadata: we have no token-rename history to preserve.
	tfgen.Main("docker", provider.Version, provider.Provider(nil))
}
