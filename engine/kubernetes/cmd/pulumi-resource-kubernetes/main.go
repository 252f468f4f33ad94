// Command pulumi-resource-kubernetes is the Pulumi resource plugin the
// @pulumi/kubernetes SDK asks the engine to start: upstream's own provider
// (github.com/pulumi/pulumi-kubernetes/provider/v4), served exactly as
// upstream's cmd/pulumi-resource-kubernetes/main.go serves it. Only the
// embedded schema and Terraform mapping are ours to produce: upstream's main
// embeds files its `go generate` writes, which a module dependency cannot
// run, so build.sh writes them into generated/ (see generate.go).
package main

import (
	"embed"
	"fmt"
	"os"

	"github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/provider"
	"github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version"
)

// generated/ is filled by build.sh and is git-ignored; only .gitkeep is
// committed so `go build`/`go vet` still work on a fresh clone. "all:" is
// needed so a directory holding only .gitkeep embeds.
//
//go:embed all:generated
var generated embed.FS

func main() {
	schema, err := generated.ReadFile("generated/schema-embed.json")
	if err != nil {
		fmt.Fprintln(os.Stderr, "pulumi-resource-kubernetes: no schema was embedded in this binary;"+
			" build it with engine/kubernetes/build.sh OUTDIR, which generates the schema first")
		os.Exit(1)
	}
	mapping, err := generated.ReadFile("generated/terraform-mapping-embed.json")
	if err != nil {
		fmt.Fprintln(os.Stderr, "pulumi-resource-kubernetes: terraform-mapping-embed.json missing next to"+
			" schema-embed.json; rerun engine/kubernetes/build.sh")
		os.Exit(1)
	}
	provider.Serve("kubernetes", version.Version, schema, mapping)
}
