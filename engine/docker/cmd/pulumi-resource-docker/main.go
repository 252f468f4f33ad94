// Command pulumi-resource-docker is the Pulumi resource plugin the
// @pulumi/docker SDK asks the engine to start. The engine finds it by name
// on PATH or in the plugin cache and checks its version against the SDK's.
package main

import (
	"embed"
	"fmt"
	"os"

	"github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfbridge"

	"verifier.local/engine/docker/provider"
)

// generated/ is filled by build.sh from tfgen output and is git-ignored;
// only .gitkeep is committed so `go build`/`go vet` still work on a fresh
// clone. "all:" is needed so a directory holding only .gitkeep embeds.
//
//go:embed all:generated
var generated embed.FS

func main() {
	schema, err := generated.ReadFile("generated/schema.json")
	if err != nil {
		fmt.Fprintln(os.Stderr, "pulumi-resource-docker: no schema was embedded in this binary;"+
			" build it with engine/docker/build.sh OUTDIR, which generates the schema first")
		os.Exit(1)
	}
	// Metadata is optional for the bridge's runtime paths we use, but tfgen
	// always writes it next to the schema, so a missing file means a
	// half-finished build: refuse rather than run with partial data.
	metadata, err := generated.ReadFile("generated/bridge-metadata.json")
	if err != nil {
		fmt.Fprintln(os.Stderr, "pulumi-resource-docker: bridge-metadata.json missing next to schema.json;"+
			" rerun engine/docker/build.sh")
		os.Exit(1)
	}
	tfbridge.Main("docker", provider.Version, provider.Provider(metadata), schema)
}
